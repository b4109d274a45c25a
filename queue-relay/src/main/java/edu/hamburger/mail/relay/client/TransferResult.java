package edu.hamburger.mail.relay.client;

import java.util.List;

/**
 * The outcome of one delivery attempt: a reply per recipient, and the server that gave them
 * ({@code null} when no server was reached), for the Remote-MTA field of a bounce.
 */
public record TransferResult(List<RecipientReply> replies, String remoteMta) {

    public TransferResult {
        replies = List.copyOf(replies);
    }
}

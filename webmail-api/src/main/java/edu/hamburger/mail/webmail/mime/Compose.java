package edu.hamburger.mail.webmail.mime;

import java.util.List;

/**
 * What the user wrote, as the web client sends it (JSON), for sending or saving as a draft.
 * Addresses are "bob@hamburger.edu" or "Bob <bob@hamburger.edu>", display names in any script.
 *
 * @param inReplyTo    Message-ID of the message answered (reply, reply-all)
 * @param references   the thread's Message-IDs, oldest first
 * @param answering    the message answered or forwarded, flagged \Answered / $Forwarded once sent
 * @param forward      a message attached whole (message/rfc822) when forwarding
 * @param draft        the draft this replaces: its attachments are carried over, and it is removed
 *                     once the message is sent or the new draft is saved
 * @param from         which of the account's addresses it is written as (its own or an alias; see
 *                     {@code GET /api/v1/identities}); null for the account's own
 */
public record Compose(
        List<String> to,
        List<String> cc,
        List<String> bcc,
        String subject,
        String text,
        String html,
        String inReplyTo,
        List<String> references,
        MessageRef answering,
        MessageRef forward,
        MessageRef draft,
        String from) {

    public Compose {
        to = to == null ? List.of() : List.copyOf(to);
        cc = cc == null ? List.of() : List.copyOf(cc);
        bcc = bcc == null ? List.of() : List.copyOf(bcc);
        references = references == null ? List.of() : List.copyOf(references);
    }

    /** A message in a folder of the signed-in account. */
    public record MessageRef(long folderId, long uid) {
    }

    /** A file the user attached: its name as the user's system had it, and its bytes. */
    public record Upload(String filename, String contentType, byte[] bytes) {
    }
}

package edu.hamburger.mail.core.event;

import java.time.Instant;

/**
 * One recipient's outcome on {@code mail.delivery.status} (JSON value, key = queue id). Whoever
 * owns the message next reads it: queue-relay turns FAILED into an RFC 3464 bounce to the
 * reverse-path, metrics count all of them.
 *
 * @param queueId         the message's queue id
 * @param recipient       the envelope recipient this is about
 * @param reversePath     the envelope sender in wire form ({@code <>} for bounces: never bounced again)
 * @param outcome         what happened
 * @param replyCode       the SMTP reply code that says it (e.g. 552), or 0 if none applies
 * @param enhancedCode    the RFC 3463 status (e.g. {@code 5.2.2}), or null
 * @param diagnostic      human-readable detail for the DSN's Diagnostic-Code
 * @param reportingMta    the service and host that decided
 * @param attempt         delivery attempts so far
 * @param at              when it was decided
 */
public record DeliveryStatus(
        String queueId,
        String recipient,
        String reversePath,
        Outcome outcome,
        int replyCode,
        String enhancedCode,
        String diagnostic,
        String reportingMta,
        int attempt,
        Instant at) {

    public enum Outcome {
        /** Filed in the recipient's mailbox or accepted by the next hop. */
        DELIVERED,
        /** A temporary failure; another attempt will follow. */
        DEFERRED,
        /** A permanent failure: the sender gets a DSN. */
        FAILED
    }
}

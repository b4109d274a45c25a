package edu.hamburger.mail.core.event;

import java.time.Instant;
import java.util.List;

/**
 * One event on {@code mailbox.changes} (JSON value, key = account id), published by
 * mailbox-service after the transaction that made the change committed. IMAP sessions turn them
 * into untagged EXISTS / EXPUNGE / FETCH responses and IDLE wake-ups, the webmail into
 * Server-Sent Events. An event is a hint to look: a reader that missed one resynchronises by
 * modseq, so losing one costs latency, never correctness.
 *
 * @param accountId   whose mail changed
 * @param mailboxId   which mailbox (for MAILBOX_* kinds, the mailbox itself)
 * @param mailboxName its name after the change
 * @param kind        what happened
 * @param uids        the UIDs concerned (added, flag-changed or expunged); empty for folder events
 * @param modseq      the mailbox's HIGHESTMODSEQ after the change
 * @param uidNext     the mailbox's UIDNEXT after the change
 * @param at          when it committed
 */
public record MailboxChange(
        long accountId,
        long mailboxId,
        String mailboxName,
        Kind kind,
        List<Long> uids,
        long modseq,
        long uidNext,
        Instant at) {

    /**
     * The Kafka header naming the record's {@link Kind}: a reader that wants few kinds (a gateway's
     * credential feed wants one) skips the others without parsing their JSON.
     */
    public static final String KIND_HEADER = "mail-change-kind";

    public enum Kind {
        MESSAGES_ADDED,
        FLAGS_CHANGED,
        MESSAGES_EXPUNGED,
        MAILBOX_CREATED,
        MAILBOX_RENAMED,
        MAILBOX_DELETED,
        MAILBOX_SUBSCRIPTION_CHANGED,
        /**
         * The account's password changed, or it was disabled or deleted: every gateway drops the
         * logins it cached for it (mailboxId 0, no name). Sessions already open are not closed.
         */
        CREDENTIALS_CHANGED
    }

    /** The event that voids cached logins of an account everywhere. */
    public static MailboxChange credentialsChanged(long accountId) {
        return new MailboxChange(accountId, 0, null, Kind.CREDENTIALS_CHANGED, List.of(), 0, 0, Instant.now());
    }

    public MailboxChange {
        uids = uids == null ? List.of() : List.copyOf(uids);
    }
}

package edu.hamburger.mail.core.api;

/**
 * {@code GET .../mailboxes/by-name-index?name=} (EXAMINE: looks at the \Recent messages) or
 * {@code POST} (read-write SELECT: claims them): a mailbox, the index of its messages and the
 * UIDs recent to this session, all an IMAP SELECT needs in one round trip.
 */
public record MailboxSnapshot(MailboxInfo mailbox, MailboxIndex index, RecentClaim recent) {
}

package edu.hamburger.mail.core.api;

/**
 * {@code GET .../mailboxes/{id}/index}: every message of a mailbox as three parallel arrays, UIDs
 * ascending, for an IMAP SELECT. A fraction of the bytes of the full listing (no dates, sizes or
 * field names per message), which matters at 100,000 messages.
 */
public record MailboxIndex(long[] uids, long[] modseqs, String[][] flags) {
}

package edu.hamburger.mail.core.api;

/**
 * {@code GET .../mailboxes/by-name-index?name=}: a mailbox and the index of its messages in one
 * answer, all an IMAP SELECT needs in one round trip.
 */
public record MailboxSnapshot(MailboxInfo mailbox, MailboxIndex index) {
}

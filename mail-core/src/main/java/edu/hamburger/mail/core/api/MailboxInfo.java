package edu.hamburger.mail.core.api;

/**
 * A mailbox as LIST and STATUS see it. {@code name} uses '/' as the hierarchy delimiter.
 *
 * @param specialUse RFC 6154 attribute such as {@code \Sent}, or null
 * @param messages   number of messages
 * @param unseen     messages without \Seen
 * @param size       octets of all messages
 * @param recent     messages no session has yet seen as \Recent (IMAP4rev1's RECENT count)
 * @param deleted    messages with \Deleted (IMAP4rev2's STATUS DELETED)
 */
public record MailboxInfo(
        long id,
        String name,
        String specialUse,
        long uidValidity,
        long uidNext,
        long highestModseq,
        boolean subscribed,
        long messages,
        long unseen,
        long size,
        long recent,
        long deleted) {

    /** The hierarchy delimiter of every mailbox name. */
    public static final char DELIMITER = '/';
    public static final String INBOX = "INBOX";
}

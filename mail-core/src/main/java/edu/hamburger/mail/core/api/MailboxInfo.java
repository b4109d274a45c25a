package edu.hamburger.mail.core.api;

/**
 * A mailbox as LIST and STATUS see it. {@code name} uses '/' as the hierarchy delimiter.
 *
 * @param specialUse RFC 6154 attribute such as {@code \Sent}, or null
 * @param messages   number of messages
 * @param unseen     messages without \Seen
 * @param size       octets of all messages
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
        long size) {

    /** The hierarchy delimiter of every mailbox name. */
    public static final char DELIMITER = '/';
    public static final String INBOX = "INBOX";
}

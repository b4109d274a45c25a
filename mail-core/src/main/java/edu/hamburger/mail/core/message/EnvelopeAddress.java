package edu.hamburger.mail.core.message;

/**
 * One address of an IMAP ENVELOPE (RFC 3501 §7.4.2): display name, source route, mailbox and
 * host. A group is written as a start marker (mailbox = group name, host = null) and an end
 * marker (all null), as IMAP does.
 */
public record EnvelopeAddress(String name, String adl, String mailbox, String host) {

    public static EnvelopeAddress groupStart(String groupName) {
        return new EnvelopeAddress(null, null, groupName, null);
    }

    public static EnvelopeAddress groupEnd() {
        return new EnvelopeAddress(null, null, null, null);
    }

    /** {@code local@domain}, or null for a group marker. */
    public String address() {
        return mailbox == null || host == null ? null : mailbox + "@" + host;
    }
}

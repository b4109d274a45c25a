package edu.hamburger.mail.core.record;

/**
 * A message on a mail topic: the envelope (record headers) and the raw RFC 5322 message with
 * CRLF line ends and trace headers prepended (record value). The bytes are not copied: callers
 * hand over the array and must not change it afterwards.
 */
public record MailRecord(Envelope envelope, byte[] message) {

    public MailRecord {
        if (envelope == null || message == null) {
            throw new IllegalArgumentException("a mail record needs an envelope and a message");
        }
    }
}

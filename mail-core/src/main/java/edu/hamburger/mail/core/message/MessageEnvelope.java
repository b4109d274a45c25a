package edu.hamburger.mail.core.message;

import java.util.List;

/**
 * The IMAP ENVELOPE of a message, parsed once at store time. Strings are the header values as
 * written (encoded words left encoded, as IMAP wants them); display names in addresses are
 * decoded. Sender and Reply-To fall back to From when absent, as RFC 3501 §7.4.2 says.
 */
public record MessageEnvelope(
        String date,
        String subject,
        List<EnvelopeAddress> from,
        List<EnvelopeAddress> sender,
        List<EnvelopeAddress> replyTo,
        List<EnvelopeAddress> to,
        List<EnvelopeAddress> cc,
        List<EnvelopeAddress> bcc,
        String inReplyTo,
        String messageId) {
}

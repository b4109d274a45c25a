package edu.hamburger.mail.mailbox.mime;

import edu.hamburger.mail.core.message.BodyPart;
import edu.hamburger.mail.core.message.EnvelopeAddress;
import edu.hamburger.mail.core.message.MessageEnvelope;

import java.time.OffsetDateTime;

/**
 * What mailbox-service learns from a message once, when it is stored.
 *
 * @param envelope   the IMAP ENVELOPE
 * @param body       the top-level entity (its header is the message header)
 * @param sentDate   the Date: header at its own zone's offset (SENTON and the like compare that zone's
 *                   day, RFC 3501 §6.4.4), or null when absent or unreadable
 * @param headerText one line per header field, "Name: decoded value", for SEARCH FROM, SUBJECT, HEADER
 * @param bodyText   the decoded text parts, for SEARCH BODY; both capped at 1 MiB of characters
 * @param references the References field unfolded (THREAD=REFERENCES), at most 20,000 characters, or null
 * @param preview    the first words of its text ({@link MessagePreview}), or null
 */
public record ParsedMessage(MessageEnvelope envelope, BodyPart body, OffsetDateTime sentDate, String headerText, String bodyText,
                            String references, String preview) {

    /** Octets of the message header including the empty line that ends it. */
    public int headerSize() {
        return body.bodyStart() - body.headerStart();
    }
}

package edu.hamburger.mail.mailbox.mime;

import edu.hamburger.mail.core.message.BodyPart;
import edu.hamburger.mail.core.message.EnvelopeAddress;
import edu.hamburger.mail.core.message.MessageEnvelope;

import java.time.Instant;

/**
 * What mailbox-service learns from a message once, when it is stored.
 *
 * @param envelope   the IMAP ENVELOPE
 * @param body       the top-level entity (its header is the message header)
 * @param sentDate   the Date: header as an instant, or null when absent or unreadable
 * @param searchText decoded header and text content for SEARCH BODY/TEXT, capped in size
 */
public record ParsedMessage(MessageEnvelope envelope, BodyPart body, Instant sentDate, String searchText) {

    /** Octets of the message header including the empty line that ends it. */
    public int headerSize() {
        return body.bodyStart() - body.headerStart();
    }
}

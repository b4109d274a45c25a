package edu.hamburger.mail.core.message;

import java.util.List;
import java.util.Map;

/**
 * One MIME entity of a stored message, with everything IMAP BODYSTRUCTURE needs and the byte
 * offsets into the raw message, so that a part, its MIME header or an encapsulated message's
 * header can be served by {@code substring} on the stored bytes without parsing again.
 *
 * @param type              lower-case media type ("text", "multipart", ...)
 * @param subtype           lower-case subtype
 * @param params            Content-Type parameters (names lower-cased, values as written)
 * @param contentId         Content-ID, or null
 * @param description       Content-Description, or null
 * @param encoding          Content-Transfer-Encoding, lower-cased ("7bit" when absent)
 * @param size              octets of the body, encoded, as stored
 * @param lines             lines of the body for text/* and message/rfc822, else 0
 * @param disposition       Content-Disposition type, lower-cased, or null
 * @param dispositionParams its parameters
 * @param language          Content-Language values
 * @param location          Content-Location, or null
 * @param filename          the decoded file name (RFC 2231 / RFC 2047 / name=), or null
 * @param headerStart       offset of this entity's header (its MIME header for a part)
 * @param bodyStart         offset of its body
 * @param end               offset just past its body
 * @param parts             children of a multipart, in order
 * @param message           for message/rfc822: the encapsulated message's top entity
 * @param envelope          for message/rfc822: the encapsulated message's envelope
 */
public record BodyPart(
        String type,
        String subtype,
        Map<String, String> params,
        String contentId,
        String description,
        String encoding,
        long size,
        long lines,
        String disposition,
        Map<String, String> dispositionParams,
        List<String> language,
        String location,
        String filename,
        int headerStart,
        int bodyStart,
        int end,
        List<BodyPart> parts,
        BodyPart message,
        MessageEnvelope envelope) {

    // no is/get prefixes below: these are not properties, and JSON must not carry them
    public boolean multipart() {
        return "multipart".equals(type);
    }

    public boolean encapsulatesMessage() {
        return "message".equals(type) && "rfc822".equals(subtype) && message != null;
    }

    public String mimeType() {
        return type + "/" + subtype;
    }
}

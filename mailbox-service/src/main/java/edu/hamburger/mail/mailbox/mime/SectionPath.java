package edu.hamburger.mail.mailbox.mime;

import edu.hamburger.mail.core.message.BodyPart;
import edu.hamburger.mail.core.message.EnvelopeAddress;
import edu.hamburger.mail.core.message.MessageEnvelope;

/**
 * Finds the entity an IMAP section number names (RFC 3501 §6.4.5): "1.2" is the second part of
 * the first part. Part 1 of a message that is not multipart is its body; the parts of an
 * encapsulated message/rfc822 are numbered below that part's own number.
 */
public final class SectionPath {

    static final int MAX_SEGMENTS = 64;

    private SectionPath() {
    }

    /** The entity at {@code path} ("" is the whole message), or null when there is none. */
    public static BodyPart resolve(BodyPart message, String path) {
        if (path == null || path.isEmpty()) {
            return message;
        }
        String[] segments = path.split("\\.", -1);
        if (segments.length > MAX_SEGMENTS) {
            return null;
        }
        BodyPart current = message;
        boolean atMessage = true; // "1" names a non-multipart body only right below a message
        for (String segment : segments) {
            int number;
            try {
                number = Integer.parseInt(segment);
            } catch (NumberFormatException e) {
                return null;
            }
            if (number < 1) {
                return null;
            }
            if (current.encapsulatesMessage() && !atMessage) {
                // a message/rfc822 part: its number names the whole enclosed message, and the
                // numbers below it name that message's parts. A message whose own top entity is
                // message/rfc822 is not entered here: its part 1 is that entity's body.
                current = current.message();
                atMessage = true;
            }
            if (current.multipart()) {
                if (number > current.parts().size()) {
                    return null;
                }
                current = current.parts().get(number - 1);
                atMessage = false;
            } else if (number != 1 || !atMessage) {
                return null;
            } else {
                atMessage = false;
            }
        }
        return current;
    }
}

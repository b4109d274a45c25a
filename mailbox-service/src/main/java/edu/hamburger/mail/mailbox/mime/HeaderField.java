package edu.hamburger.mail.mailbox.mime;

import edu.hamburger.mail.core.message.BodyPart;
import edu.hamburger.mail.core.message.EnvelopeAddress;
import edu.hamburger.mail.core.message.MessageEnvelope;

/** One header field: its name as written and its value unfolded (line breaks before WSP removed). */
public record HeaderField(String name, String value) {

    public boolean is(String otherName) {
        return name.equalsIgnoreCase(otherName);
    }
}

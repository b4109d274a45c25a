package edu.hamburger.mail.smtp.protocol;

import edu.hamburger.mail.core.record.MailRecord;

/** A mail record and the topic it must reach before the client hears 250. */
public record QueuedRecord(String topic, MailRecord record) {

    /** The same envelope around the final message (trace fields added), marked junk if the MX judged it so. */
    QueuedRecord withMessage(byte[] message, boolean junk) {
        return new QueuedRecord(topic, new MailRecord(junk ? record.envelope().asJunk() : record.envelope(), message));
    }
}

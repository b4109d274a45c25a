package edu.hamburger.mail.smtp.protocol;

import edu.hamburger.mail.core.record.MailRecord;

/** A mail record and the topic it must reach before the client hears 250. */
public record QueuedRecord(String topic, MailRecord record) {
}

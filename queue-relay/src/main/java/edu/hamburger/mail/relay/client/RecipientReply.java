package edu.hamburger.mail.relay.client;

import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.core.smtp.SmtpReply;

/**
 * What became of one recipient in one attempt: the reply that decided it (2xx delivered, 4xx
 * deferred, 5xx failed) and the command it answered, as a bounce reports it ("in reply to RCPT TO").
 */
public record RecipientReply(EnvelopeRecipient recipient, SmtpReply reply, String inReplyTo) {
}

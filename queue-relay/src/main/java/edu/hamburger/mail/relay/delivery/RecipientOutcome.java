package edu.hamburger.mail.relay.delivery;

import edu.hamburger.mail.core.event.DeliveryStatus.Outcome;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.core.smtp.SmtpReply;

/**
 * A recipient's fate after one attempt, with what a bounce needs: the RFC 3463 status, the
 * reply, the command it answered and the server that gave it (null if none was reached).
 */
public record RecipientOutcome(EnvelopeRecipient recipient, Outcome outcome, String status, SmtpReply reply,
        String inReplyTo, String remoteMta) {

    /** The enhanced status of a reply, or the class default (2.0.0, 4.0.0, 5.0.0) when it gave none. */
    public static String statusOf(SmtpReply reply) {
        return reply.enhancedCode() != null ? reply.enhancedCode() : (reply.code() / 100) + ".0.0";
    }
}

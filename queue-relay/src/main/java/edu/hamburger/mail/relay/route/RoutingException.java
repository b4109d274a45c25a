package edu.hamburger.mail.relay.route;

import edu.hamburger.mail.core.smtp.SmtpReply;

/**
 * A destination that cannot be reached, with the reply a bounce or retry should carry: a 5xx
 * for a domain that does not exist or publishes a null MX, a 4xx for a DNS failure.
 */
public class RoutingException extends RuntimeException {

    private final SmtpReply reply;

    public RoutingException(SmtpReply reply) {
        super(reply.toString());
        this.reply = reply;
    }

    public SmtpReply reply() {
        return reply;
    }
}

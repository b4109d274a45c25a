package edu.hamburger.mail.relay.client;

import edu.hamburger.mail.core.smtp.SmtpReply;

/** A server that could not be used for this transaction (refused greeting, EHLO, TLS or AUTH): try the next hop. */
public class HopRefusedException extends RuntimeException {

    private final SmtpReply reply;

    public HopRefusedException(SmtpReply reply, String message) {
        super(message);
        this.reply = reply;
    }

    /** The reply to report if no other hop works: always a 4xx, the message is deferred. */
    public SmtpReply reply() {
        return reply;
    }
}

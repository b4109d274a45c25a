package edu.hamburger.mail.relay.client;

/** The server broke the protocol (malformed reply, too long, wrong moment): the connection is dropped. */
public class SmtpProtocolException extends RuntimeException {
    public SmtpProtocolException(String message) {
        super(message);
    }
}

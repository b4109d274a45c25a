package edu.hamburger.mail.relay.client;

/** The connection failed, timed out or was closed: whatever was not answered yet is deferred. */
public class SmtpConnectionException extends RuntimeException {
    public SmtpConnectionException(String message) {
        super(message);
    }

    public SmtpConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}

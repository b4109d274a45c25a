package edu.hamburger.mail.imap.protocol;

/** The client's command does not parse: answered with a tagged BAD, the session goes on. */
public class ImapSyntaxException extends RuntimeException {
    public ImapSyntaxException(String message) {
        super(message);
    }
}

package edu.hamburger.mail.line;

/** How a protocol meets a listener: a session per connection, and its words for a refused connection. */
public interface SessionFactory {

    LineSession open(ConnectionInfo connection);

    /** The one line written before a connection over the caps is closed (SMTP 421, POP3 -ERR, IMAP BYE). */
    byte[] refusal(ConnectionGate.Refusal why);
}

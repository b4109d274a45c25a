package edu.hamburger.mail.line;

/** What the connection does once a command's answer is written. */
public enum Step {
    /** Frame the next unit with whatever framer the session now asks for. */
    CONTINUE,
    /** Drop anything pipelined in the clear, then run the TLS handshake. */
    START_TLS,
    /** Close the connection. */
    CLOSE
}

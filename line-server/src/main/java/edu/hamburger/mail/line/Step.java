package edu.hamburger.mail.line;

/** What the connection does once a command's answer is written. */
public enum Step {
    /** Frame the next unit with whatever framer the session now asks for. */
    CONTINUE,
    /** Drop anything pipelined in the clear, then run the TLS handshake. */
    START_TLS,
    /**
     * The answer just written was the last one in the clear: from now on both directions are
     * deflated (RFC 4978 COMPRESS=DEFLATE), including anything the client sent after the command.
     */
    START_COMPRESSION,
    /** Close the connection. */
    CLOSE
}

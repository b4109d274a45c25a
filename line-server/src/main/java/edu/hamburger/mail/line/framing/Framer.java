package edu.hamburger.mail.line.framing;

/**
 * Cuts the next unit out of a connection's input. A framer keeps its own state between calls,
 * so input may arrive in pieces of any size, one byte at a time included; it takes from the
 * queue only what belongs to its unit, and it never keeps more than its limits allow.
 */
public interface Framer {

    /** The next complete unit, or null when more input is needed (what could be used is consumed). */
    Frame next(ByteQueue input);
}

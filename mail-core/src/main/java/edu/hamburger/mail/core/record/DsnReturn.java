package edu.hamburger.mail.core.record;

/** The DSN RET parameter of MAIL FROM (RFC 3461 §4.3): what a bounce should carry back. */
public enum DsnReturn {
    /** The whole original message. */
    FULL,
    /** Only its headers. */
    HDRS
}

package edu.hamburger.mail.core.record;

/** One value of the DSN NOTIFY parameter of RCPT TO (RFC 3461 §4.1). NEVER stands alone. */
public enum DsnNotify {
    NEVER, SUCCESS, FAILURE, DELAY
}

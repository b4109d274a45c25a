package edu.hamburger.mail.sieve;

/**
 * An error while a script runs (too many actions, a redirect to no address, two vacations):
 * the run stops and the message is kept in INBOX (RFC 5228 §2.10.6), with this as the reason.
 */
final class SieveRuntimeException extends Exception {

    SieveRuntimeException(String message) {
        super(message);
    }
}

package edu.hamburger.mail.smtp.protocol;

import edu.hamburger.mail.line.sasl.FailedLoginPolicy;

/**
 * The rules of this deployment the protocol needs to know: its name, its limits, and when
 * credentials may be sent. Built from {@code SmtpSettings} by the application.
 *
 * @param resendDigests whether queued records carry the {@code ResendDigest} by which
 *                      mailbox-service recognises a client's re-send after a lost 250
 */
public record SmtpPolicy(
        String hostname,
        String domain,
        int maxMessageSize,
        int maxRecipients,
        int maxErrors,
        int maxCommandsBeforeMail,
        FailedLoginPolicy failedLogins,
        boolean allowPlaintextAuthOnLoopback,
        RecipientTarpit tarpit,
        boolean resendDigests) {

    /**
     * Slows a client that names unknown recipients (address harvesting, a dictionary attack):
     * after {@code free} unknown recipients in one session, each further "User unknown" waits
     * {@code delay} times how many came beyond the free ones, up to {@code maxDelay}. The session's
     * error limit then closes it.
     */
    public record RecipientTarpit(int free, java.time.Duration delay, java.time.Duration maxDelay) {

        public static final RecipientTarpit NONE = new RecipientTarpit(Integer.MAX_VALUE, java.time.Duration.ZERO, java.time.Duration.ZERO);

        /** How long the answer to the {@code unknown}-th unknown recipient of a session waits. */
        public java.time.Duration delayFor(int unknown) {
            if (unknown <= free || delay.isZero()) {
                return java.time.Duration.ZERO;
            }
            java.time.Duration wait = delay.multipliedBy(Math.min(unknown - free, 1000));
            return wait.compareTo(maxDelay) > 0 ? maxDelay : wait;
        }
    }

    /** AUTH is offered only inside TLS, or on loopback when development allows it (RFC 4954 §4, RFC 8314). */
    public boolean authOffered(SmtpSession session) {
        return session.tls() || (allowPlaintextAuthOnLoopback && session.loopback());
    }
}

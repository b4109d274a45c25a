package edu.hamburger.mail.smtp.protocol;

import edu.hamburger.mail.line.sasl.FailedLoginPolicy;

/**
 * The rules of this deployment the protocol needs to know: its name, its limits, and when
 * credentials may be sent. Built from {@code SmtpSettings} by the application.
 */
public record SmtpPolicy(
        String hostname,
        String domain,
        int maxMessageSize,
        int maxRecipients,
        int maxErrors,
        int maxCommandsBeforeMail,
        FailedLoginPolicy failedLogins,
        boolean allowPlaintextAuthOnLoopback) {

    /** AUTH is offered only inside TLS, or on loopback when development allows it (RFC 4954 §4, RFC 8314). */
    public boolean authOffered(SmtpSession session) {
        return session.tls() || (allowPlaintextAuthOnLoopback && session.loopback());
    }
}

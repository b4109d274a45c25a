package edu.hamburger.mail.relay.client;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertPathValidatorException;
import javax.net.ssl.SSLException;

/**
 * How a session to the next hop went for TLS, in RFC 8460's words (§4.3) where it failed: the
 * counts behind {@code mail_relay_tls_sessions_total{result}} and, later, SMTP TLS reports.
 */
public final class TlsSessionResult {

    public static final String SUCCESS = "success";
    /** No TLS, and none was required (opportunistic TLS against a server without STARTTLS). */
    public static final String PLAINTEXT = "plaintext";
    public static final String STARTTLS_NOT_SUPPORTED = "starttls-not-supported";
    public static final String CERTIFICATE_HOST_MISMATCH = "certificate-host-mismatch";
    public static final String CERTIFICATE_EXPIRED = "certificate-expired";
    public static final String CERTIFICATE_NOT_TRUSTED = "certificate-not-trusted";
    public static final String VALIDATION_FAILURE = "validation-failure";
    /** DANE: the TLSA records of a host in a signed zone could not be had (RFC 8460 §4.3.2.2). */
    public static final String DNSSEC_INVALID = "dnssec-invalid";

    private TlsSessionResult() {
    }

    /** The result type of a failed session open, or null when the failure had nothing to do with TLS (refused connection, 5xx greeting). */
    public static String ofFailure(Throwable failure) {
        if (failure instanceof PeerRejectedException) {
            return VALIDATION_FAILURE;
        }
        if (failure instanceof HopRefusedException refused && refused.reply().enhancedCode() != null
                && (refused.getMessage().contains("TLS required, not offered") || refused.getMessage().contains("STARTTLS refused"))) {
            return STARTTLS_NOT_SUPPORTED;
        }
        boolean tls = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateExpiredException || cause instanceof CertificateNotYetValidException) {
                return CERTIFICATE_EXPIRED;
            }
            if (cause instanceof CertPathValidatorException || cause instanceof java.security.cert.CertPathBuilderException) {
                return CERTIFICATE_NOT_TRUSTED;
            }
            String message = String.valueOf(cause.getMessage());
            if (message.contains("No subject alternative") || message.contains("No name matching")) {
                return CERTIFICATE_HOST_MISMATCH;
            }
            tls |= cause instanceof SSLException;
        }
        return tls ? VALIDATION_FAILURE : null;
    }
}

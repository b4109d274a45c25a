package edu.hamburger.mail.relay.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import edu.hamburger.mail.core.smtp.SmtpReply;
import java.net.ConnectException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Failed session opens in RFC 8460's result types, as the JDK reports TLS failures. */
class TlsSessionResultTest {

    private static Throwable handshake(Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException("PKIX path validation failed");
        e.initCause(cause);
        return new SmtpConnectionException("STARTTLS with mx.crepes.fr failed", e);
    }

    @Test
    void tlsFailuresAreNamedOthersAreNot() {
        assertEquals("starttls-not-supported", TlsSessionResult.ofFailure(new HopRefusedException(
                SmtpReply.of(451, "4.7.4", "TLS is required, but was not offered"), "TLS required, not offered: 451 4.7.4")));
        assertEquals("certificate-expired", TlsSessionResult.ofFailure(handshake(new CertificateExpiredException("NotAfter: ..."))));
        assertEquals("certificate-not-trusted", TlsSessionResult.ofFailure(handshake(new CertPathValidatorException("unknown CA"))));
        assertEquals("certificate-host-mismatch", TlsSessionResult.ofFailure(handshake(
                new CertificateException("No subject alternative DNS name matching mx.crepes.fr found."))));
        assertEquals("validation-failure", TlsSessionResult.ofFailure(new SSLHandshakeException("Received fatal alert: handshake_failure")));
        assertNull(TlsSessionResult.ofFailure(new ConnectException("Connection refused")));
        assertNull(TlsSessionResult.ofFailure(new HopRefusedException(SmtpReply.of(451, "4.3.0", "busy"), "refused to talk to me: 421")));
    }
}

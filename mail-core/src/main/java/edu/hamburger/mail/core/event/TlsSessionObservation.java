package edu.hamburger.mail.core.event;

import java.time.Instant;
import java.util.List;

/**
 * One outbound SMTP session of the relay as SMTP TLS reporting (RFC 8460) counts it, on
 * {@code mail.tls.observations}: mailbox-service adds them up per recipient domain and day and
 * sends the domain's aggregate report to the rua= of its {@code _smtp._tls} record.
 *
 * @param policyDomain   the recipient domain the session was opened for
 * @param policyType     RFC 8460 §4.3: tlsa (DANE applied to the MX host), sts (an MTA-STS policy was in force) or no-policy-found
 * @param policyStrings  the MTA-STS policy's lines or the host's TLSA records (empty without a policy)
 * @param mxHostPatterns the policy's mx patterns (empty without one)
 * @param result         {@code success} or a failure result type (§4.3), e.g. certificate-host-mismatch
 * @param receivingMx    the MX host name the relay connected to
 * @param receivingIp    its address, {@code sendingIp} the relay's (null when not known)
 */
public record TlsSessionObservation(Instant observedAt, String policyDomain, String policyType, List<String> policyStrings,
                                    List<String> mxHostPatterns, String result, String receivingMx, String receivingIp,
                                    String sendingIp) {

    public static final String TLSA = "tlsa";
    public static final String STS = "sts";
    public static final String NO_POLICY_FOUND = "no-policy-found";
    public static final String SUCCESS = "success";

    public TlsSessionObservation {
        policyStrings = policyStrings == null ? List.of() : List.copyOf(policyStrings);
        mxHostPatterns = mxHostPatterns == null ? List.of() : List.copyOf(mxHostPatterns);
    }

    public boolean successful() {
        return SUCCESS.equals(result);
    }
}

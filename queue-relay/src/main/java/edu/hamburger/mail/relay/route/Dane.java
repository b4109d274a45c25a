package edu.hamburger.mail.relay.route;

import edu.hamburger.mail.auth.dane.TlsaRecord;
import java.util.List;

/**
 * What DANE (RFC 7672 §2.2) asks of the sessions with one MX host, from its
 * {@code _25._tcp.<host>} TLSA records as a validating resolver vouched for them.
 *
 * @param records the usable records ({@link Mode#AUTHENTICATE}), or all of them, for reports
 */
public record Dane(Mode mode, List<TlsaRecord> records) {

    public enum Mode {
        /** usable records: TLS, and the certificate must match one */
        AUTHENTICATE,
        /** secure records, none usable: TLS is still required, not authenticated (§2.2) */
        ENCRYPT,
        /** the TLSA lookup failed for a host in a signed zone: the host is not used (§2.2, a downgrade otherwise) */
        UNREACHABLE
    }

    public Dane {
        records = List.copyOf(records);
    }
}

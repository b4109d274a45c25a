package edu.hamburger.mail.relay.route;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Whether and how the relay uses STARTTLS towards a destination, as Postfix's
 * smtp_tls_security_level: {@code none} never; {@code may} when the server offers it
 * (opportunistic, the certificate is not checked, since most MX certificates cannot be verified
 * without DANE or MTA-STS); {@code encrypt} always, deferring the mail when the server does not
 * offer it, still without checking the certificate; {@code verify} always, with the certificate
 * chain checked against the trust store and its name against the MX or smart host name (the
 * name the route gives, never the address). Credentials are only ever sent under {@code verify}.
 */
public enum TlsPolicy {
    NONE, MAY, ENCRYPT, VERIFY;

    /** Whether STARTTLS is required (the mail waits rather than go in the clear). */
    public boolean requiresTls() {
        return this == ENCRYPT || this == VERIFY;
    }

    /** A per-domain table from {@code mail.relay.tls-policy}; {@code *} sets the default. */
    public record Table(Map<String, TlsPolicy> byDomain, TlsPolicy fallback) {

        public static Table parse(String spec) {
            Map<String, TlsPolicy> byDomain = new HashMap<>();
            TlsPolicy fallback = MAY;
            if (spec != null) {
                for (String entry : spec.split(",")) {
                    entry = entry.trim();
                    if (entry.isEmpty()) {
                        continue;
                    }
                    int eq = entry.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("TLS policy entry is not domain=none|may|encrypt|verify: " + entry);
                    }
                    TlsPolicy policy = TlsPolicy.valueOf(entry.substring(eq + 1).trim().toUpperCase(Locale.ROOT));
                    String domain = entry.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                    if (domain.equals("*")) {
                        fallback = policy;
                    } else {
                        byDomain.put(domain, policy);
                    }
                }
            }
            return new Table(Map.copyOf(byDomain), fallback);
        }

        public TlsPolicy forDomain(String domain) {
            return byDomain.getOrDefault(domain.toLowerCase(Locale.ROOT), fallback);
        }
    }
}

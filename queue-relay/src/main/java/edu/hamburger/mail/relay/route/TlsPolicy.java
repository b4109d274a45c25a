package edu.hamburger.mail.relay.route;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Whether the relay uses STARTTLS towards a destination, as Postfix's smtp_tls_security_level:
 * {@code none} never, {@code may} when the server offers it (opportunistic; a certificate is not
 * checked, since MX certificates are mostly unverifiable without DANE or MTA-STS), {@code encrypt}
 * always, deferring the mail when the server does not offer it.
 */
public enum TlsPolicy {
    NONE, MAY, ENCRYPT;

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
                        throw new IllegalArgumentException("TLS policy entry is not domain=none|may|encrypt: " + entry);
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

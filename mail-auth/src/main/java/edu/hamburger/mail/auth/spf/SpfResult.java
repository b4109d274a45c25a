package edu.hamburger.mail.auth.spf;

import java.util.Locale;

/**
 * The outcome of an SPF check (RFC 7208 §2.6) and the identity it was about.
 *
 * @param identity "mailfrom" or "helo"
 * @param domain   the domain whose policy decided
 * @param reason   for Authentication-Results and logs: the mechanism that matched, or the error
 */
public record SpfResult(Result result, String identity, String domain, String reason) {

    public enum Result {
        NONE, NEUTRAL, PASS, FAIL, SOFTFAIL, TEMPERROR, PERMERROR;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}

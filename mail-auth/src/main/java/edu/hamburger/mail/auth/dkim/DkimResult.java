package edu.hamburger.mail.auth.dkim;

/**
 * The outcome of one DKIM-Signature (RFC 8601 §2.7.1), with what Authentication-Results reports
 * about it.
 *
 * @param domain    d=, null when the signature could not even be parsed
 * @param headerB   the first characters of b=, telling two signatures of one domain apart (RFC 6008)
 * @param reason    why, for a result other than pass
 */
public record DkimResult(Result result, String domain, String selector, String algorithm, String headerB, String identity, String reason) {

    public enum Result {
        PASS, FAIL, NEUTRAL, POLICY, TEMPERROR, PERMERROR;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean passed() {
        return result == Result.PASS;
    }
}

package edu.hamburger.mail.smtp.protocol;

import edu.hamburger.mail.auth.InboundAuthentication;
import io.smallrye.mutiny.Uni;

/**
 * The port to mail authentication for messages arriving on the MX port from the internet (SPF,
 * DKIM, DMARC), and what the platform does with the verdict: a DMARC reject policy refuses the
 * message at end of data; a DNS failure defers it only if the operator asked for that (by default
 * the message is accepted and the temperror recorded, as most receivers do).
 */
public interface InboundCheck {

    /** No checks: the MX files what it accepts without an Authentication-Results field. */
    InboundCheck NONE = new InboundCheck() {
        @Override
        public Uni<InboundAuthentication.Verdict> check(String clientAddress, String helo, String mailFrom, byte[] message) {
            return Uni.createFrom().nullItem();
        }

        @Override
        public boolean deferOnTemperror() {
            return false;
        }
    };

    /** @param mailFrom the reverse path without brackets, "" for the null path; completes on the caller's context */
    Uni<InboundAuthentication.Verdict> check(String clientAddress, String helo, String mailFrom, byte[] message);

    /** Answer 451 when SPF or DMARC could not be decided because DNS failed (mail.mx-checks.temperror=defer). */
    boolean deferOnTemperror();
}

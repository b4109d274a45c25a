package edu.hamburger.mail.auth.dmarc;

import java.util.Locale;

/**
 * The DMARC verdict on one message (RFC 7489 §6.6) and the policy to apply.
 *
 * @param fromDomain  the RFC5322.From domain, header.from in Authentication-Results
 * @param applied     what to do: the published policy if the message failed and was sampled by pct=, else NONE
 * @param published   the policy the domain asked for (p= or sp=), null without a record
 */
public record DmarcResult(Result result, String fromDomain, DmarcRecord.Policy applied, DmarcRecord.Policy published,
                          DmarcRecord record, String reason) {

    public enum Result {
        NONE, PASS, FAIL, TEMPERROR, PERMERROR;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}

package edu.hamburger.mail.auth.dmarc;

import java.util.Locale;

/**
 * The DMARC verdict on one message (RFC 7489 §6.6) and the policy to apply.
 *
 * @param fromDomain  the RFC5322.From domain, header.from in Authentication-Results
 * @param applied     what to do: the published policy if the message failed and was sampled by pct=, else NONE
 * @param published   the policy the domain asked for (p= or sp=), null without a record
 * @param policyDomain where the record was found: the From domain or its organisational domain
 * @param dkimAligned an aligned DKIM signature passed; {@code spfAligned}: SPF passed for an aligned domain
 */
public record DmarcResult(Result result, String fromDomain, DmarcRecord.Policy applied, DmarcRecord.Policy published,
                          DmarcRecord record, String reason, String policyDomain, boolean dkimAligned, boolean spfAligned) {

    /** A verdict without a record's evaluation behind it (none, temperror, permerror). */
    public DmarcResult(Result result, String fromDomain, DmarcRecord.Policy applied, DmarcRecord.Policy published,
                       DmarcRecord record, String reason) {
        this(result, fromDomain, applied, published, record, reason, fromDomain, false, false);
    }

    public enum Result {
        NONE, PASS, FAIL, TEMPERROR, PERMERROR;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}

package edu.hamburger.mail.core.event;

import java.time.Instant;
import java.util.List;

/**
 * One DMARC evaluation of the MX (on {@code mail.dmarc.observations}), the row of an aggregate
 * report (RFC 7489 Appendix C) it will be counted in.
 *
 * @param policyDomain  the domain whose record applied (the From domain or its organisation)
 * @param disposition   what was done: none, quarantine or reject
 * @param dkimAligned   pass or fail: an aligned DKIM signature passed
 * @param spfAligned    pass or fail: SPF passed for an aligned domain
 * @param dkimDomain    the first signature's d= (null without one), {@code dkimResult} its result
 * @param spfDomain     the MAIL FROM (or HELO) domain SPF checked, {@code spfResult} its result
 * @param adkim         r or s; {@code aspf} likewise
 * @param rua           the record's mailto: URIs
 */
public record DmarcObservation(Instant receivedAt, String policyDomain, String sourceIp, String headerFrom, String envelopeFrom,
                               String disposition, String dkimAligned, String spfAligned, String dkimDomain, String dkimResult,
                               String spfDomain, String spfScope, String spfResult, String policy, String subdomainPolicy,
                               int percent, String adkim, String aspf, List<String> rua) {
}

package edu.hamburger.mail.auth.dmarc;

import edu.hamburger.mail.auth.dkim.DkimResult;
import edu.hamburger.mail.auth.dns.DnsAnswer;
import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.dns.DnsType;
import edu.hamburger.mail.auth.dmarc.DmarcRecord.Policy;
import edu.hamburger.mail.auth.spf.SpfResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * DMARC (RFC 7489 §6.6): finds the author domain's policy (at _dmarc.<domain>, else at its
 * organisational domain), passes the message if SPF or any DKIM signature passed for a domain
 * aligned with the author's (relaxed: the same organisational domain; strict: the same domain),
 * and otherwise says which policy to apply, sampled by pct=. Blocking: run on a worker thread.
 */
public final class DmarcEvaluator {

    private final DnsResolver dns;
    private final PublicSuffixList suffixes;
    private final RandomGenerator sampling;

    public DmarcEvaluator(DnsResolver dns, PublicSuffixList suffixes, RandomGenerator sampling) {
        this.dns = dns;
        this.suffixes = suffixes;
        this.sampling = sampling;
    }

    /** @param fromDomain the single RFC5322.From domain, or null when the message has none or several (§6.6.1) */
    public DmarcResult evaluate(String fromDomain, SpfResult spf, List<DkimResult> dkim) {
        if (fromDomain == null) {
            return new DmarcResult(DmarcResult.Result.PERMERROR, null, Policy.NONE, null, null,
                    "not exactly one author domain in From");
        }
        String from = PublicSuffixList.ascii(fromDomain);
        String organisation = suffixes.organisationalDomain(from);
        Lookup found = record(from);
        boolean atOrganisation = false;
        if (found.record == null && found.error == null && !organisation.equals(from)) {
            found = record(organisation);
            atOrganisation = true;
        }
        if (found.error != null) {
            return new DmarcResult(DmarcResult.Result.TEMPERROR, from, Policy.NONE, null, null, found.error);
        }
        DmarcRecord record = found.record;
        if (record == null) {
            return new DmarcResult(DmarcResult.Result.NONE, from, Policy.NONE, null, null, "no DMARC record");
        }
        Policy published = atOrganisation ? record.subdomainPolicy() : record.policy();
        String policyDomain = atOrganisation ? organisation : from;
        List<String> aligned = new ArrayList<>();
        for (DkimResult result : dkim) {
            if (result.passed() && aligned(result.domain(), from, record.strictDkim())) {
                aligned.add("dkim " + result.domain());
            }
        }
        boolean dkimAligned = !aligned.isEmpty();
        boolean spfAligned = spf != null && spf.result() == SpfResult.Result.PASS && aligned(spf.domain(), from, record.strictSpf());
        if (spfAligned) {
            aligned.add("spf " + spf.domain());
        }
        if (!aligned.isEmpty()) {
            return new DmarcResult(DmarcResult.Result.PASS, from, Policy.NONE, published, record, "aligned " + String.join(", ", aligned),
                    policyDomain, dkimAligned, spfAligned);
        }
        Policy applied = published;
        if (record.percent() < 100 && sampling.nextInt(100) >= record.percent()) {
            // §6.6.4: a message outside the sample gets the next policy down
            applied = published == Policy.REJECT ? Policy.QUARANTINE : Policy.NONE;
        }
        return new DmarcResult(DmarcResult.Result.FAIL, from, applied, published, record, "no aligned SPF or DKIM pass",
                policyDomain, false, false);
    }

    private boolean aligned(String domain, String from, boolean strict) {
        if (domain == null) {
            return false;
        }
        String d = PublicSuffixList.ascii(domain);
        return strict ? d.equals(from) : suffixes.organisationalDomain(d).equals(suffixes.organisationalDomain(from));
    }

    private record Lookup(DmarcRecord record, String error) {
    }

    private Lookup record(String domain) {
        DnsAnswer answer = dns.lookup("_dmarc." + domain, DnsType.TXT);
        if (answer.status() == DnsAnswer.Status.TEMPORARY_ERROR) {
            return new Lookup(null, "DMARC lookup of " + domain + " failed: " + answer.detail());
        }
        List<DmarcRecord> records = new ArrayList<>();
        for (String txt : answer.records()) {
            if (txt.toLowerCase(Locale.ROOT).startsWith("v=dmarc1")) {
                DmarcRecord parsed = DmarcRecord.parse(txt);
                if (parsed != null) {
                    records.add(parsed);
                }
            }
        }
        return new Lookup(records.size() == 1 ? records.get(0) : null, null); // §6.6.3: several records = none
    }
}

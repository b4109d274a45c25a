package edu.hamburger.mail.auth;

import edu.hamburger.mail.auth.dkim.ArcVerifier;
import edu.hamburger.mail.core.message.HeaderSection;
import edu.hamburger.mail.auth.dkim.DkimResult;
import edu.hamburger.mail.auth.dkim.DkimVerifier;
import edu.hamburger.mail.auth.dmarc.DmarcEvaluator;
import edu.hamburger.mail.auth.dmarc.DmarcResult;
import edu.hamburger.mail.auth.dmarc.PublicSuffixList;
import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.spf.SpfEvaluator;
import edu.hamburger.mail.auth.spf.SpfResult;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What the MX checks on a message from the internet, in one call: SPF for the client and the
 * MAIL FROM (or HELO), every DKIM signature, the ARC chain, DMARC for the author domain, and the
 * Authentication-Results field saying so, with any field forged under our authserv-id taken out.
 * Blocking (DNS, RSA): the gateway runs it on a worker thread.
 */
public final class InboundAuthentication {

    /**
     * @param message   the message with forged Authentication-Results removed
     * @param field     the Authentication-Results field to prepend, line break included
     */
    public record Verdict(SpfResult spf, List<DkimResult> dkim, ArcVerifier.ArcResult arc, DmarcResult dmarc, byte[] message, String field) {
    }

    private final SpfEvaluator spf;
    private final DkimVerifier dkim;
    private final ArcVerifier arc;
    private final DmarcEvaluator dmarc;
    private final String authservId;

    public InboundAuthentication(DnsResolver dns, String authservId, Clock clock, RandomGenerator sampling) {
        this.spf = new SpfEvaluator(dns);
        this.dkim = new DkimVerifier(dns, clock);
        this.arc = new ArcVerifier(dkim);
        this.dmarc = new DmarcEvaluator(dns, PublicSuffixList.shipped(), sampling);
        this.authservId = authservId;
    }

    /**
     * What is recorded when the checks took too long (a sender's DNS that answers slowly must not
     * hold the SMTP session): temperror for each method, nothing refused.
     */
    public Verdict timedOut(String helo, String mailFrom, byte[] message, java.time.Duration after) {
        byte[] cleaned = AuthenticationResults.withoutOurs(message, authservId);
        String why = "checks took longer than " + after.toSeconds() + " s";
        boolean nullSender = mailFrom == null || mailFrom.isEmpty();
        String domain = nullSender ? String.valueOf(helo) : mailFrom.substring(mailFrom.lastIndexOf('@') + 1);
        SpfResult spfResult = new SpfResult(SpfResult.Result.TEMPERROR, nullSender ? "helo" : "mailfrom", domain.toLowerCase(java.util.Locale.ROOT), why);
        List<DkimResult> dkimResults = List.of(new DkimResult(DkimResult.Result.TEMPERROR, null, null, null, null, null, why));
        DmarcResult dmarcResult = new DmarcResult(DmarcResult.Result.TEMPERROR, AuthorDomain.of(cleaned),
                edu.hamburger.mail.auth.dmarc.DmarcRecord.Policy.NONE, null, null, why);
        return new Verdict(spfResult, dkimResults, null, dmarcResult, cleaned,
                AuthenticationResults.field(authservId, spfResult, dkimResults, dmarcResult));
    }

    /** @param mailFrom the reverse path without brackets, "" for the null path */
    public Verdict check(InetAddress client, String helo, String mailFrom, byte[] message) {
        byte[] cleaned = AuthenticationResults.withoutOurs(message, authservId);
        SpfResult spfResult = spf.checkMailFrom(client, mailFrom, helo);
        HeaderSection header = HeaderSection.parse(cleaned, 0, cleaned.length); // once, for every check below
        List<DkimResult> dkimResults = dkim.verify(cleaned, header);
        ArcVerifier.ArcResult arcResult = arc.verify(cleaned, header);
        DmarcResult dmarcResult = dmarc.evaluate(AuthorDomain.of(header), spfResult, dkimResults);
        return new Verdict(spfResult, dkimResults, arcResult, dmarcResult, cleaned,
                AuthenticationResults.field(authservId, spfResult, dkimResults, arcResult, dmarcResult));
    }
}

package edu.hamburger.mail.auth.dmarc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import edu.hamburger.mail.auth.dkim.DkimResult;
import edu.hamburger.mail.auth.dmarc.DmarcRecord.Policy;
import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.dns.DnsSettings;
import edu.hamburger.mail.auth.dns.LoopbackDnsServer;
import edu.hamburger.mail.auth.spf.SpfResult;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

class DmarcEvaluatorTest {

    private final LoopbackDnsServer dns = new LoopbackDnsServer()
            .txt("_dmarc.crepes.fr", "v=DMARC1; p=reject; sp=quarantine; rua=mailto:dmarc@crepes.fr")
            .txt("_dmarc.strict.example", "v=DMARC1; p=reject; adkim=s; aspf=s")
            .txt("_dmarc.sampled.example", "v=DMARC1; p=reject; pct=20")
            .txt("_dmarc.bank.co.uk", "v=DMARC1; p=quarantine");
    private int draw = 0;
    private final DmarcEvaluator dmarc;

    DmarcEvaluatorTest() throws IOException {
        dmarc = new DmarcEvaluator(new DnsResolver(DnsSettings.parse(dns.address(), Duration.ofSeconds(2))),
                PublicSuffixList.shipped(), new RandomGenerator() {
                    @Override
                    public long nextLong() {
                        return draw;
                    }

                    @Override
                    public int nextInt(int bound) {
                        return draw;
                    }
                });
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    private static DkimResult dkim(DkimResult.Result result, String domain) {
        return new DkimResult(result, domain, "s", "rsa-sha256", "abc", "@" + domain, null);
    }

    private static SpfResult spf(SpfResult.Result result, String domain) {
        return new SpfResult(result, "mailfrom", domain, null);
    }

    @Test
    void anAlignedDkimPassPassesEvenWhenSpfFails() {
        DmarcResult result = dmarc.evaluate("crepes.fr", spf(SpfResult.Result.FAIL, "crepes.fr"),
                List.of(dkim(DkimResult.Result.PASS, "mail.crepes.fr")));
        assertEquals(DmarcResult.Result.PASS, result.result(), "relaxed: a subdomain's signature is aligned");
        assertEquals(Policy.NONE, result.applied());
    }

    @Test
    void aPassForAnotherDomainIsNotAligned() {
        DmarcResult result = dmarc.evaluate("crepes.fr", spf(SpfResult.Result.PASS, "bulkmailer.example"),
                List.of(dkim(DkimResult.Result.PASS, "bulkmailer.example")));
        assertEquals(DmarcResult.Result.FAIL, result.result());
        assertEquals(Policy.REJECT, result.applied());
    }

    @Test
    void strictAlignmentWantsTheSameDomain() {
        assertEquals(DmarcResult.Result.FAIL, dmarc.evaluate("strict.example", spf(SpfResult.Result.PASS, "mail.strict.example"),
                List.of(dkim(DkimResult.Result.PASS, "mail.strict.example"))).result());
        assertEquals(DmarcResult.Result.PASS, dmarc.evaluate("strict.example", spf(SpfResult.Result.PASS, "strict.example"), List.of()).result());
    }

    @Test
    void aSubdomainWithoutItsOwnRecordGetsTheOrganisationsSubdomainPolicy() {
        DmarcResult result = dmarc.evaluate("news.crepes.fr", spf(SpfResult.Result.NONE, "news.crepes.fr"), List.of());
        assertEquals(DmarcResult.Result.FAIL, result.result());
        assertEquals(Policy.QUARANTINE, result.published());
        assertEquals(List.of("mailto:dmarc@crepes.fr"), result.record().aggregateReports());
    }

    @Test
    void theOrganisationalDomainComesFromThePublicSuffixList() {
        DmarcResult result = dmarc.evaluate("login.bank.co.uk", spf(SpfResult.Result.NONE, "x"), List.of());
        assertEquals(Policy.QUARANTINE, result.published(), "co.uk is a public suffix: the organisation is bank.co.uk");
        assertEquals("bank.co.uk", PublicSuffixList.shipped().organisationalDomain("a.b.login.bank.co.uk"));
        assertEquals("crepes.fr", PublicSuffixList.shipped().organisationalDomain("crepes.fr"));
    }

    @Test
    void pctSamplesAndTheRestGetsTheNextPolicyDown() {
        draw = 10;
        assertEquals(Policy.REJECT, dmarc.evaluate("sampled.example", spf(SpfResult.Result.FAIL, "sampled.example"), List.of()).applied());
        draw = 50;
        assertEquals(Policy.QUARANTINE, dmarc.evaluate("sampled.example", spf(SpfResult.Result.FAIL, "sampled.example"), List.of()).applied());
    }

    @Test
    void noRecordIsNoneAndADnsErrorIsTemperror() {
        assertEquals(DmarcResult.Result.NONE, dmarc.evaluate("nowhere.example", null, List.of()).result());
        dns.rcode("_dmarc.broken.example", Rcode.SERVFAIL);
        assertEquals(DmarcResult.Result.TEMPERROR, dmarc.evaluate("broken.example", null, List.of()).result());
        assertEquals(DmarcResult.Result.PERMERROR, dmarc.evaluate(null, null, List.of()).result());
    }
}

package edu.hamburger.mail.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import edu.hamburger.mail.auth.dkim.DkimResult;
import edu.hamburger.mail.auth.dmarc.DmarcRecord;
import edu.hamburger.mail.auth.dmarc.DmarcResult;
import edu.hamburger.mail.auth.spf.SpfResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthenticationResultsTest {

    @Test
    void oneFieldWithEveryMethod() {
        String field = AuthenticationResults.field("mx.hamburger.edu",
                new SpfResult(SpfResult.Result.PASS, "mailfrom", "crepes.fr", "crepes.fr: ip4:127.0.0.1 matched"),
                List.of(new DkimResult(DkimResult.Result.PASS, "crepes.fr", "r1", "rsa-sha256", "AbC+dEf1", "@crepes.fr", null),
                        new DkimResult(DkimResult.Result.FAIL, "crepes.fr", "e1", "ed25519-sha256", "xyz", "@crepes.fr", "body hash did not verify")),
                new DmarcResult(DmarcResult.Result.PASS, "crepes.fr", DmarcRecord.Policy.NONE, DmarcRecord.Policy.REJECT, null, "aligned"));
        assertEquals("Authentication-Results: mx.hamburger.edu;\r\n"
                + "\tspf=pass smtp.mailfrom=crepes.fr;\r\n"
                + "\tdkim=pass header.d=crepes.fr header.s=r1 header.a=rsa-sha256 header.b=AbC+dEf1;\r\n"
                + "\tdkim=fail reason=\"body hash did not verify\" header.d=crepes.fr header.s=e1 header.a=ed25519-sha256 header.b=xyz;\r\n"
                + "\tdmarc=pass (p=reject dis=none) header.from=crepes.fr\r\n", field);
    }

    @Test
    void fieldsClaimingOurNameAreRemovedOthersKept() {
        String message = "Authentication-Results: MX.hamburger.edu; dkim=pass header.d=bank.example\r\n"
                + "Authentication-Results: mx.crepes.fr (their relay) 1;\r\n\tspf=pass\r\n"
                + "Authentication-Results: (sneaky) mx.hamburger.edu; dmarc=pass\r\n"
                + "From: a@bank.example\r\n\r\nbody\r\n";
        String cleaned = new String(AuthenticationResults.withoutOurs(message.getBytes(StandardCharsets.UTF_8), "mx.hamburger.edu"), StandardCharsets.UTF_8);
        assertEquals("Authentication-Results: mx.crepes.fr (their relay) 1;\r\n\tspf=pass\r\n"
                + "From: a@bank.example\r\n\r\nbody\r\n", cleaned);
    }

    @Test
    void theAuthorDomainNeedsExactlyOneFromAddress() {
        assertEquals("crepes.fr", AuthorDomain.of("From: \"Alice\" <alice@crepes.fr>\r\n\r\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(null, AuthorDomain.of("From: a@crepes.fr, b@bank.example\r\n\r\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(null, AuthorDomain.of("From: a@crepes.fr\r\nFrom: b@bank.example\r\n\r\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(null, AuthorDomain.of("Subject: none\r\n\r\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void checksThatTookTooLongAreRecordedAsTemperrorsAndForgedFieldsStillGo() throws Exception {
        InboundAuthentication auth = new InboundAuthentication(
                new edu.hamburger.mail.auth.dns.DnsResolver(edu.hamburger.mail.auth.dns.DnsSettings.parse("127.0.0.1:9", java.time.Duration.ofMillis(100))),
                "mx.hamburger.edu", java.time.Clock.systemUTC(), new java.security.SecureRandom());
        byte[] message = "Authentication-Results: mx.hamburger.edu; dmarc=pass\r\nFrom: a@crepes.fr\r\n\r\nhi\r\n".getBytes(StandardCharsets.UTF_8);
        InboundAuthentication.Verdict late = auth.timedOut("mail.crepes.fr", "a@crepes.fr", message, java.time.Duration.ofSeconds(30));
        assertEquals("Authentication-Results: mx.hamburger.edu;\r\n"
                + "\tspf=temperror reason=\"checks took longer than 30 s\" smtp.mailfrom=crepes.fr;\r\n"
                + "\tdkim=temperror reason=\"checks took longer than 30 s\";\r\n"
                + "\tdmarc=temperror header.from=crepes.fr\r\n", late.field());
        assertEquals("From: a@crepes.fr\r\n\r\nhi\r\n", new String(late.message(), StandardCharsets.UTF_8));
    }
}

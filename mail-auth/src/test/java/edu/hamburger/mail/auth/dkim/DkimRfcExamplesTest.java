package edu.hamburger.mail.auth.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.dns.DnsSettings;
import edu.hamburger.mail.auth.dns.LoopbackDnsServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The published examples (RFC 8463 Appendix A over RFC 6376's message), verified over real DNS packets. */
class DkimRfcExamplesTest {

    static final String ED25519_KEY = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    static final String RSA_KEY = "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB";

    private final LoopbackDnsServer dns = new LoopbackDnsServer()
            .txt("brisbane._domainkey.football.example.com", ED25519_KEY)
            .txt("test._domainkey.football.example.com", RSA_KEY);
    private final DkimVerifier verifier = new DkimVerifier(
            new DnsResolver(DnsSettings.parse(dns.address(), Duration.ofSeconds(2))), Clock.systemUTC());

    DkimRfcExamplesTest() throws IOException {
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void rfc8463AppendixA3Ed25519RelaxedVerifies() throws IOException {
        List<DkimResult> results = verifier.verify(resource("rfc8463-a3-ed25519.eml"));
        assertEquals(1, results.size());
        assertEquals(DkimResult.Result.PASS, results.get(0).result(), String.valueOf(results.get(0).reason()));
        assertEquals("football.example.com", results.get(0).domain());
        assertEquals("brisbane", results.get(0).selector());
    }

    @Test
    void bothAlgorithmsWithSimpleCanonicalisationVerify() throws IOException {
        List<DkimResult> results = verifier.verify(resource("rfc8463-keys-simple.eml"));
        assertEquals(2, results.size());
        assertEquals(List.of(DkimResult.Result.PASS, DkimResult.Result.PASS), results.stream().map(DkimResult::result).toList(),
                results.toString());
        assertEquals(List.of("ed25519-sha256", "rsa-sha256"), results.stream().map(DkimResult::algorithm).toList());
    }

    @Test
    void aChangedBodyOrHeaderFails() throws IOException {
        String original = new String(resource("rfc8463-a3-ed25519.eml"), StandardCharsets.ISO_8859_1);
        List<DkimResult> body = verifier.verify(original.replace("We lost", "We won").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(DkimResult.Result.FAIL, body.get(0).result());
        assertEquals("body hash did not verify", body.get(0).reason());
        List<DkimResult> header = verifier.verify(original.replace("Is dinner ready?", "Is lunch ready?").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(DkimResult.Result.FAIL, header.get(0).result());
        assertEquals("signature did not verify", header.get(0).reason());
    }

    @Test
    void relaxedCanonicalisationToleratesWhitespaceAndCaseChangesInTransit() throws IOException {
        String original = new String(resource("rfc8463-a3-ed25519.eml"), StandardCharsets.ISO_8859_1);
        String rewrapped = original.replace("Subject: Is dinner ready?", "SUBJECT:   Is dinner\r\n\tready?  ")
                .replace("Joe.\r\n", "Joe.   \r\n\r\n\r\n");
        assertEquals(DkimResult.Result.PASS, verifier.verify(rewrapped.getBytes(StandardCharsets.ISO_8859_1)).get(0).result());
    }

    @Test
    void anAddedFromBelowAnOversignedSignatureFails() throws IOException {
        String original = new String(resource("rfc8463-a3-ed25519.eml"), StandardCharsets.ISO_8859_1);
        String forged = original.replace("Message-ID:", "From: ceo@football.example.com\r\nMessage-ID:");
        assertEquals(DkimResult.Result.FAIL, verifier.verify(forged.getBytes(StandardCharsets.ISO_8859_1)).get(0).result());
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = DkimRfcExamplesTest.class.getResourceAsStream("/dkim/" + name)) {
            return in.readAllBytes();
        }
    }
}

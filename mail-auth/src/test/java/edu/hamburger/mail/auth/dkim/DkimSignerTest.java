package edu.hamburger.mail.auth.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.dns.DnsSettings;
import edu.hamburger.mail.auth.dns.LoopbackDnsServer;
import edu.hamburger.mail.core.message.HeaderSection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DkimSignerTest {

    static final String MESSAGE = "Received: from a by b; Thu, 3 Dec 2026 10:00:00 +0000\r\n"
            + "From: Alice <alice@crepes.fr>\r\n"
            + "To: bob@hamburger.edu\r\n"
            + "Subject: =?UTF-8?B?7JWI64WV?= dinner\r\n"
            + "Date: Thu, 3 Dec 2026 10:00:00 +0000\r\n"
            + "Message-ID: <1@crepes.fr>\r\n"
            + "\r\n"
            + "Hello Bob,  \r\n\r\nsee you at eight.\r\n\r\n\r\n";

    private final LoopbackDnsServer dns = new LoopbackDnsServer();
    private final Instant now = Instant.parse("2026-12-03T10:00:00Z");
    private final DkimVerifier verifier = new DkimVerifier(
            new DnsResolver(DnsSettings.parse(dns.address(), Duration.ofSeconds(2))), Clock.fixed(now, ZoneOffset.UTC));
    private final KeyPair rsa = DkimAlgorithm.RSA_SHA256.generate();
    private final KeyPair ed = DkimAlgorithm.ED25519_SHA256.generate();

    DkimSignerTest() throws IOException {
        dns.txt("r1._domainkey.crepes.fr", "v=DKIM1; k=rsa; p=" + base64(DkimAlgorithm.RSA_SHA256.dnsPublicKey(rsa.getPublic())));
        dns.txt("e1._domainkey.crepes.fr", "v=DKIM1; k=ed25519; p=" + base64(DkimAlgorithm.ED25519_SHA256.dnsPublicKey(ed.getPublic())));
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    private List<DkimSigner.SigningKey> keys() {
        return List.of(new DkimSigner.SigningKey("crepes.fr", "r1", DkimAlgorithm.RSA_SHA256, rsa.getPrivate()),
                new DkimSigner.SigningKey("crepes.fr", "e1", DkimAlgorithm.ED25519_SHA256, ed.getPrivate()));
    }

    @Test
    void bothSignaturesVerify() {
        byte[] signed = new DkimSigner(true, Duration.ofDays(7)).sign(bytes(MESSAGE), keys(), now);
        List<DkimResult> results = verifier.verify(signed);
        assertEquals(List.of(DkimResult.Result.PASS, DkimResult.Result.PASS), results.stream().map(DkimResult::result).toList(), results.toString());
        String text = new String(signed, StandardCharsets.ISO_8859_1);
        assertTrue(text.endsWith(MESSAGE), "the message itself is unchanged below the signatures");
        for (String line : text.substring(0, text.indexOf("Received:")).split("\r\n")) {
            assertTrue(line.length() <= 78, "folded: " + line);
        }
    }

    @Test
    void theSignedFieldsAreOversigned() {
        HeaderSection header = HeaderSection.parse(bytes(MESSAGE), 0, MESSAGE.length());
        List<String> names = DkimSigner.signedNames(header);
        assertEquals(2, names.stream().filter("from"::equals).count());
        assertEquals(2, names.stream().filter("subject"::equals).count());
        assertEquals(1, names.stream().filter("reply-to"::equals).count(), "absent but oversigned: cannot be added");
        assertTrue(!names.contains("received"), "trace fields change in transit and are not signed");
    }

    @Test
    void anExpiredSignatureIsNotAPass() {
        byte[] signed = new DkimSigner(true, Duration.ofDays(7)).sign(bytes(MESSAGE),
                keys().subList(0, 1), now.minus(Duration.ofDays(8)));
        DkimResult result = verifier.verify(signed).get(0);
        assertEquals(DkimResult.Result.PERMERROR, result.result());
        assertEquals("signature expired", result.reason());
    }

    @Test
    void aRevokedOrMissingKeyIsAPermanentError() {
        byte[] signed = new DkimSigner(false, null).sign(bytes(MESSAGE), keys(), now);
        dns.remove("r1._domainkey.crepes.fr").txt("r1._domainkey.crepes.fr", "v=DKIM1; k=rsa; p=");
        dns.remove("e1._domainkey.crepes.fr");
        List<DkimResult> results = verifier.verify(signed);
        assertEquals("key revoked (empty p=)", results.get(0).reason());
        assertEquals(DkimResult.Result.PERMERROR, results.get(1).result());
        assertTrue(results.get(1).reason().startsWith("no key at e1._domainkey.crepes.fr"));
    }

    @Test
    void aBodyLengthThatLeavesAnAppendedTailUnsignedIsNotAPass() throws Exception {
        // signed with l= by hand: the relaxed body of MESSAGE is 33 octets ("Hello Bob,", "", "see you at eight.")
        String sig = "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=crepes.fr; s=e1; l=33; h=from:to:subject; bh=%s; b=";
        java.security.MessageDigest digest = DkimAlgorithm.sha256();
        byte[] message = bytes(MESSAGE);
        HeaderSection header = HeaderSection.parse(message, 0, message.length);
        assertEquals(33, Canonicalization.RELAXED.body(message, header.bodyStart(), message.length, digest, -1));
        String field = String.format(sig, base64(digest.digest()));
        byte[] data = DkimSigner.headerData(message, header, List.of("from", "to", "subject"), field, Canonicalization.RELAXED);
        String signedField = field + base64(DkimAlgorithm.ED25519_SHA256.sign(ed.getPrivate(), data)) + "\r\n";
        assertEquals(DkimResult.Result.PASS, verifier.verify(bytes(signedField + MESSAGE)).get(0).result());
        DkimResult appended = verifier.verify(bytes(signedField + MESSAGE + "Click http://phish.example/ now\r\n")).get(0);
        assertEquals(DkimResult.Result.POLICY, appended.result());
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}

package edu.hamburger.mail.auth.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.dns.DnsSettings;
import edu.hamburger.mail.auth.dns.LoopbackDnsServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ARC chains made by dkimpy (Debian python3-dkim), an implementation nobody here wrote, over one
 * and two forwarding hops, validated here; and what breaks them. Our own seals (ArcSealer), on a
 * fresh message and on dkimpy's chain, validated here and by dkimpy's arc_verify.
 */
class ArcVerifierTest {

    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    @TempDir
    Path dir;

    private final LoopbackDnsServer dns = new LoopbackDnsServer();
    private final KeyPair first = DkimAlgorithm.RSA_SHA256.generate();
    private final KeyPair second = DkimAlgorithm.RSA_SHA256.generate();
    private final ArcVerifier arc = new ArcVerifier(new DkimVerifier(
            new DnsResolver(DnsSettings.parse(dns.address(), Duration.ofSeconds(2))), Clock.systemUTC()));

    ArcVerifierTest() throws IOException {
        dns.txt("arc1._domainkey.lists.example", record(first)).txt("arc2._domainkey.relay.example", record(second));
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    private static final String ORIGINAL = "From: Alice <alice@crepes.fr>\r\nTo: team@lists.example\r\nSubject: ARC\r\n"
            + "Date: Thu, 3 Dec 2026 10:00:00 +0000\r\nMessage-ID: <arc@crepes.fr>\r\n\r\nForwarded twice.\r\n";

    /** One hop: the list server's results, then its ARC set (cv=none). */
    private String oneHop() throws Exception {
        String received = "Authentication-Results: lists.example; spf=pass smtp.mailfrom=crepes.fr; dkim=none\r\n" + ORIGINAL;
        return arcSigned(received, "lists.example", "arc1", first, "lists.example");
    }

    /** Two hops: the relay saw arc=pass and adds set 2 (cv=pass). */
    private String twoHops() throws Exception {
        String received = "Authentication-Results: relay.example; arc=pass; spf=fail smtp.mailfrom=lists.example\r\n" + oneHop();
        return arcSigned(received, "relay.example", "arc2", second, "relay.example");
    }

    @Test
    void chainsOfOneAndTwoSetsPass() throws Exception {
        ArcVerifier.ArcResult one = arc.verify(bytes(oneHop()));
        assertEquals(ArcVerifier.ArcResult.Result.PASS, one.result(), String.valueOf(one.reason()));
        assertEquals(1, one.instances());
        String chain = twoHops();
        ArcVerifier.ArcResult two = arc.verify(bytes(chain));
        assertEquals(ArcVerifier.ArcResult.Result.PASS, two.result(), String.valueOf(two.reason()));
        assertEquals(2, two.instances());
        assertTrue(chain.contains("cv=pass"), chain);
    }

    @Test
    void aChangedBodyOrAChangedEarlierSetFails() throws Exception {
        String chain = twoHops();
        ArcVerifier.ArcResult body = arc.verify(bytes(chain.replace("Forwarded twice.", "Forwarded thrice.")));
        assertEquals(ArcVerifier.ArcResult.Result.FAIL, body.result());
        assertEquals("ARC-Message-Signature i=2: body hash did not verify", body.reason());
        ArcVerifier.ArcResult results = arc.verify(bytes(chain.replace("i=1; lists.example; spf=pass", "i=1; lists.example; spf=fail")));
        assertEquals(ArcVerifier.ArcResult.Result.FAIL, results.result());
        assertTrue(results.reason().startsWith("ARC-Seal i="), results.reason());
    }

    @Test
    void missingSetsAndNoChainAreTold() throws Exception {
        assertEquals(ArcVerifier.ArcResult.Result.NONE, arc.verify(bytes(ORIGINAL)).result());
        byte[] chain = bytes(twoHops());
        edu.hamburger.mail.core.message.HeaderField seal1 = edu.hamburger.mail.core.message.HeaderSection.parse(chain, 0, chain.length)
                .fields().stream().filter(f -> f.is("ARC-Seal") && f.value().startsWith("i=1")).findFirst().orElseThrow();
        String withoutSeal1 = new String(chain, 0, seal1.start(), StandardCharsets.ISO_8859_1)
                + new String(chain, seal1.end(), chain.length - seal1.end(), StandardCharsets.ISO_8859_1);
        ArcVerifier.ArcResult gap = arc.verify(bytes(withoutSeal1));
        assertEquals(ArcVerifier.ArcResult.Result.FAIL, gap.result(), gap.toString());
        assertEquals("ARC set 1 is incomplete or missing", gap.reason());
    }

    // ---- sealing: our sets, checked here and by dkimpy's arc_verify ----

    private final KeyPair ours = DkimAlgorithm.RSA_SHA256.generate();
    private final DkimSigner.SigningKey forwarder = new DkimSigner.SigningKey("forward.example", "arc", DkimAlgorithm.RSA_SHA256, ours.getPrivate());

    @Test
    void ourSealStartsAChainAndExtendsOneMadeByDkimpy() throws Exception {
        dns.txt("arc._domainkey.forward.example", record(ours));
        ArcSealer sealer = new ArcSealer();
        byte[] original = bytes(ORIGINAL);
        byte[] first = sealer.seal(original, arc.verify(original), "mx.forward.example", "spf=pass smtp.mailfrom=crepes.fr; dkim=none",
                forwarder, java.time.Instant.now());
        ArcVerifier.ArcResult one = arc.verify(first);
        assertEquals(ArcVerifier.ArcResult.Result.PASS, one.result(), String.valueOf(one.reason()));
        assertEquals(1, one.instances());
        assertTrue(new String(first, StandardCharsets.ISO_8859_1).contains("cv=none"));
        assertEquals("pass", dkimpyArcVerify(first));

        byte[] listed = bytes(oneHop()); // dkimpy's set 1, then ours as the next forwarder
        byte[] second = sealer.seal(listed, arc.verify(listed), "mx.forward.example", "arc=pass; spf=fail smtp.mailfrom=lists.example",
                forwarder, java.time.Instant.now());
        ArcVerifier.ArcResult two = arc.verify(second);
        assertEquals(ArcVerifier.ArcResult.Result.PASS, two.result(), String.valueOf(two.reason()));
        assertEquals(2, two.instances());
        assertTrue(new String(second, StandardCharsets.ISO_8859_1).contains("cv=pass"));
        assertEquals("pass", dkimpyArcVerify(second));

        // changed after our seal: the chain fails, in both
        byte[] changed = bytes(new String(second, StandardCharsets.ISO_8859_1).replace("Forwarded twice.", "Forwarded once."));
        assertEquals(ArcVerifier.ArcResult.Result.FAIL, arc.verify(changed).result());
        assertEquals("fail", dkimpyArcVerify(changed));
    }

    @Test
    void aChainThatArrivedBrokenIsNotExtended() throws Exception {
        byte[] broken = bytes(oneHop().replace("Forwarded twice.", "Changed on the way."));
        ArcVerifier.ArcResult arrived = arc.verify(broken);
        assertEquals(ArcVerifier.ArcResult.Result.FAIL, arrived.result());
        assertEquals(broken, new ArcSealer().seal(broken, arrived, "mx.forward.example", "arc=fail", forwarder, java.time.Instant.now()));
    }

    /** dkimpy's arc_verify over the keys this test published. */
    private String dkimpyArcVerify(byte[] message) throws Exception {
        Path file = dir.resolve("sealed-" + System.nanoTime() + ".eml");
        Files.write(file, message);
        Path records = dir.resolve("records-" + System.nanoTime() + ".json");
        Files.writeString(records, "{\"arc1._domainkey.lists.example.\": \"" + record(first) + "\", "
                + "\"arc._domainkey.forward.example.\": \"" + record(ours) + "\"}");
        script();
        return DkimInteropTest.run(null, PYTHON, dir.resolve("dkimpy.py").toString(), "arcverify", file.toString(), records.toString()).strip();
    }

    private void script() throws IOException {
        Path script = dir.resolve("dkimpy.py");
        if (!Files.exists(script)) {
            try (InputStream in = getClass().getResourceAsStream("/interop/dkimpy.py")) {
                Files.write(script, in.readAllBytes());
            }
        }
    }

    private String arcSigned(String message, String domain, String selector, KeyPair key, String srvId) throws Exception {
        Path file = dir.resolve("message-" + selector + ".eml");
        Files.writeString(file, message, StandardCharsets.ISO_8859_1);
        Path pem = dir.resolve(selector + ".pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        script();
        Path script = dir.resolve("dkimpy.py");
        String set = DkimInteropTest.run(null, PYTHON, script.toString(), "arcsign", file.toString(), domain, selector, pem.toString(), srvId);
        return set.replace("\r\n", "\n").replace("\n", "\r\n") + message;
    }

    private static String record(KeyPair key) {
        return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(DkimAlgorithm.RSA_SHA256.dnsPublicKey(key.getPublic()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}

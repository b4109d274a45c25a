package edu.hamburger.mail.auth.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.dns.DnsSettings;
import edu.hamburger.mail.auth.dns.LoopbackDnsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signatures made here verify in implementations nobody here wrote, and theirs verify here:
 * dkimpy (Debian python3-dkim) both ways, and OpenDKIM's opendkim-testmsg (opendkim-tools) verifying
 * ours; both installed by .ci/run.
 */
class DkimInteropTest {

    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    @TempDir
    Path dir;

    private final LoopbackDnsServer dns = new LoopbackDnsServer();
    private final KeyPair rsa = DkimAlgorithm.RSA_SHA256.generate();
    private final KeyPair ed = DkimAlgorithm.ED25519_SHA256.generate();
    private final String rsaRecord = "v=DKIM1; k=rsa; p=" + base64(DkimAlgorithm.RSA_SHA256.dnsPublicKey(rsa.getPublic()));
    private final String edRecord = "v=DKIM1; k=ed25519; p=" + base64(DkimAlgorithm.ED25519_SHA256.dnsPublicKey(ed.getPublic()));
    private final DkimVerifier verifier = new DkimVerifier(
            new DnsResolver(DnsSettings.parse(dns.address(), Duration.ofSeconds(2))), Clock.systemUTC());

    DkimInteropTest() throws IOException {
        dns.txt("r1._domainkey.crepes.fr", rsaRecord).txt("e1._domainkey.crepes.fr", edRecord);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void ourSignaturesVerifyInDkimpy() throws Exception {
        Path message = dir.resolve("signed.eml");
        Files.write(message, new DkimSigner(true, Duration.ofDays(7)).sign(bytes(DkimSignerTest.MESSAGE), List.of(
                new DkimSigner.SigningKey("crepes.fr", "r1", DkimAlgorithm.RSA_SHA256, rsa.getPrivate()),
                new DkimSigner.SigningKey("crepes.fr", "e1", DkimAlgorithm.ED25519_SHA256, ed.getPrivate())), Instant.now()));
        Path records = dir.resolve("records.json");
        Files.writeString(records, "{\"r1._domainkey.crepes.fr.\": \"" + rsaRecord + "\", \"e1._domainkey.crepes.fr.\": \"" + edRecord + "\"}");
        assertEquals("pass\npass\n", run(null, PYTHON, script(), "verify", message.toString(), records.toString()));
    }

    @Test
    void dkimpySignaturesVerifyHere() throws Exception {
        Path message = dir.resolve("plain.eml");
        Files.write(message, bytes(DkimSignerTest.MESSAGE));
        Path rsaKey = dir.resolve("rsa.pem");
        Files.writeString(rsaKey, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(rsa.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Path edKey = dir.resolve("ed.key");
        byte[] pkcs8 = ed.getPrivate().getEncoded(); // the seed is the last 32 octets (RFC 8410)
        Files.writeString(edKey, base64(java.util.Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length)));
        String rsaField = run(null, PYTHON, script(), "sign", message.toString(), "crepes.fr", "r1", rsaKey.toString(), "rsa-sha256");
        String edField = run(null, PYTHON, script(), "sign", message.toString(), "crepes.fr", "e1", edKey.toString(), "ed25519-sha256");
        List<DkimResult> results = verifier.verify(bytes(crlf(edField) + crlf(rsaField) + DkimSignerTest.MESSAGE));
        assertEquals(List.of(DkimResult.Result.PASS, DkimResult.Result.PASS), results.stream().map(DkimResult::result).toList(), results.toString());
    }

    /** opendkim-testmsg can only sign with rsa-sha1, which RFC 8301 took out of DKIM: read, and refused as such. */
    @Test
    void opendkimRsaSha1SignaturesAreRefused() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/opendkim-testmsg")), "opendkim-tools is not installed");
        Path key = dir.resolve("r1.private");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(rsa.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        String signed = run(DkimSignerTest.MESSAGE, "/usr/sbin/opendkim-testmsg", "-C", "-d", "crepes.fr", "-s", "r1", "-k", key.toString());
        List<DkimResult> results = verifier.verify(bytes(crlf(signed)));
        assertEquals(1, results.size(), signed);
        assertEquals(DkimResult.Result.PERMERROR, results.get(0).result(), results.toString());
        assertEquals("unsupported algorithm rsa-sha1", results.get(0).reason());
        assertEquals("crepes.fr", results.get(0).domain());
    }

    /**
     * opendkim-testmsg asks the resolver of /etc/resolv.conf on port 53 and nothing else, so it
     * runs in a mount namespace of its own whose resolv.conf names a loopback server on port 53;
     * that needs root, which CI has. Elsewhere the test is skipped, saying why.
     */
    @Test
    void ourSignaturesVerifyInOpendkim() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/opendkim-testmsg")), "opendkim-tools is not installed");
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/unshare")),
                "opendkim-testmsg reads DNS servers only from /etc/resolv.conf: replacing it needs root");
        try (LoopbackDnsServer port53 = new LoopbackDnsServer(new InetSocketAddress("127.0.0.153", 53))) {
            port53.txt("r1._domainkey.crepes.fr", rsaRecord);
            Path resolvConf = dir.resolve("resolv.conf");
            Files.writeString(resolvConf, "nameserver 127.0.0.153\n");
            Path message = dir.resolve("signed.eml");
            Files.write(message, new DkimSigner(true, null).sign(bytes(DkimSignerTest.MESSAGE), List.of(
                    new DkimSigner.SigningKey("crepes.fr", "r1", DkimAlgorithm.RSA_SHA256, rsa.getPrivate())), Instant.now()));
            String out = run(null, "/usr/bin/unshare", "--mount", "sh", "-c",
                    "mount --bind " + resolvConf + " /etc/resolv.conf && /usr/sbin/opendkim-testmsg < " + message + " && echo verified");
            assertEquals("verified\n", out);
            // and a broken one does not
            Files.writeString(message, Files.readString(message, StandardCharsets.ISO_8859_1).replace("eight", "nine"), StandardCharsets.ISO_8859_1);
            String broken = run(null, "/usr/bin/unshare", "--mount", "sh", "-c",
                    "mount --bind " + resolvConf + " /etc/resolv.conf && /usr/sbin/opendkim-testmsg < " + message + " 2>&1 || echo refused");
            assertEquals(true, broken.endsWith("refused\n"), broken);
        }
    }

    private String script() throws IOException {
        Path script = dir.resolve("dkimpy.py");
        if (!Files.exists(script)) {
            try (InputStream in = getClass().getResourceAsStream("/interop/dkimpy.py")) {
                Files.write(script, in.readAllBytes());
            }
        }
        return script.toString();
    }

    static String run(String stdin, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.ISO_8859_1));
        }
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static String crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}

package edu.hamburger.mail.bench;

import edu.hamburger.mail.auth.InboundAuthentication;
import edu.hamburger.mail.auth.dkim.DkimAlgorithm;
import edu.hamburger.mail.auth.dkim.DkimSigner;
import edu.hamburger.mail.auth.dkim.DkimVerifier;
import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.dns.DnsSettings;
import edu.hamburger.mail.auth.dns.LoopbackDnsServer;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * What mail authentication costs per message, on one thread, in process: DKIM signing with each
 * algorithm and with both (what the relay does), DKIM verification of both signatures, and the
 * MX's whole check (SPF + DKIM + DMARC + Authentication-Results) with DNS answers cached (warm)
 * and with a fresh resolver per message (cold: every lookup goes to the loopback DNS server).
 *
 * <pre>bench/run auth [messages=2000] [message-KiB=4]</pre>
 */
public final class AuthBench {

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int kib = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        KeyPair rsa = DkimAlgorithm.RSA_SHA256.generate();
        KeyPair ed = DkimAlgorithm.ED25519_SHA256.generate();
        byte[] message = message(kib);
        DkimSigner signer = new DkimSigner(true, null);
        DkimSigner.SigningKey rsaKey = new DkimSigner.SigningKey("crepes.fr", "r1", DkimAlgorithm.RSA_SHA256, rsa.getPrivate());
        DkimSigner.SigningKey edKey = new DkimSigner.SigningKey("crepes.fr", "e1", DkimAlgorithm.ED25519_SHA256, ed.getPrivate());
        byte[] signed = signer.sign(message, List.of(rsaKey, edKey), Instant.now());

        try (LoopbackDnsServer dns = new LoopbackDnsServer()) {
            dns.txt("crepes.fr", "v=spf1 mx -all").mx("crepes.fr", 10, "mail.crepes.fr").a("mail.crepes.fr", "127.0.0.1")
                    .txt("_dmarc.crepes.fr", "v=DMARC1; p=reject")
                    .txt("r1._domainkey.crepes.fr", "v=DKIM1; k=rsa; p=" + b64(DkimAlgorithm.RSA_SHA256.dnsPublicKey(rsa.getPublic())))
                    .txt("e1._domainkey.crepes.fr", "v=DKIM1; k=ed25519; p=" + b64(DkimAlgorithm.ED25519_SHA256.dnsPublicKey(ed.getPublic())));
            DnsSettings settings = DnsSettings.parse(dns.address(), Duration.ofSeconds(2));
            DkimVerifier verifier = new DkimVerifier(new DnsResolver(settings), Clock.systemUTC());
            InboundAuthentication warm = new InboundAuthentication(new DnsResolver(settings), "mx.hamburger.edu", Clock.systemUTC(), new SecureRandom());
            InetAddress client = InetAddress.getByName("127.0.0.1");

            System.out.printf("mail authentication, %d messages of %d KiB, one thread (%s, %d cores)%n", messages, kib,
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
            System.out.printf("%-44s %12s %12s %12s%n", "operation", "µs/message", "messages/s", "CPU µs/msg");
            run("sign rsa-sha256 (2048)", messages, i -> signer.sign(message, List.of(rsaKey), Instant.now()));
            run("sign ed25519-sha256", messages, i -> signer.sign(message, List.of(edKey), Instant.now()));
            run("sign both (what the relay does)", messages, i -> signer.sign(message, List.of(rsaKey, edKey), Instant.now()));
            run("verify both signatures (keys cached)", messages, i -> check(verifier.verify(signed).size() == 2));
            run("MX check SPF+DKIM+DMARC, DNS cached", messages, i -> warm.check(client, "mail.crepes.fr", "alice@crepes.fr", signed));
            int queriesBefore = dns.queries();
            int cold = Math.max(1, messages / 10);
            run("MX check, every lookup to DNS (loopback)", cold, i -> new InboundAuthentication(new DnsResolver(settings),
                    "mx.hamburger.edu", Clock.systemUTC(), new SecureRandom()).check(client, "mail.crepes.fr", "alice@crepes.fr", signed));
            // run() made min(200, cold) warm-up checks before the measured ones
            System.out.printf("(cold: %.1f DNS queries per message)%n", (dns.queries() - queriesBefore) / (double) (cold + Math.min(200, cold)));
        }
    }

    private static void run(String label, int count, IntConsumer work) {
        for (int i = 0; i < Math.min(200, count); i++) {
            work.accept(i); // warm-up: JIT
        }
        var threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            work.accept(i);
        }
        long nanos = System.nanoTime() - start;
        long cpuNanos = threads.getCurrentThreadCpuTime() - cpu;
        System.out.printf("%-44s %12.1f %12.0f %12.1f%n", label, nanos / 1000.0 / count, count * 1e9 / nanos, cpuNanos / 1000.0 / count);
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new IllegalStateException("verification went wrong");
        }
    }

    private static byte[] message(int kib) {
        StringBuilder text = new StringBuilder("From: Alice <alice@crepes.fr>\r\nTo: bob@hamburger.edu\r\nSubject: benchmark\r\n"
                + "Date: Thu, 3 Dec 2026 10:00:00 +0000\r\nMessage-ID: <bench@crepes.fr>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n");
        while (text.length() < kib * 1024) {
            text.append("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}

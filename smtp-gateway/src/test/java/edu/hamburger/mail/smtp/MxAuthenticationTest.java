package edu.hamburger.mail.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.auth.dkim.DkimAlgorithm;
import edu.hamburger.mail.auth.dkim.DkimSigner;
import edu.hamburger.mail.mailbox.client.MailboxLookups;
import edu.hamburger.mail.mailbox.client.MailboxServiceProcess;
import edu.hamburger.mail.smtp.protocol.Listener;
import edu.hamburger.mail.smtp.transport.SmtpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MX checks mail from the internet (SPF, DKIM, DMARC) against domains served by a DNS server
 * on loopback, writes one Authentication-Results field, refuses what a DMARC reject policy
 * refuses and files quarantined mail into Junk; messages reach the real mailbox-service over Kafka.
 */
@QuarkusTest
@QuarkusTestResource(value = MailboxServiceProcess.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = LoopbackDns.class, restrictToAnnotatedClass = true)
class MxAuthenticationTest {

    private static final KeyPair RSA = DkimAlgorithm.RSA_SHA256.generate();
    private static final KeyPair ED = DkimAlgorithm.ED25519_SHA256.generate();

    @Inject
    SmtpServer server;

    /** A recipient of this class alone: other classes read bob's newest message, and a late one of ours must not be it. */
    private static String recipient;
    private static long recipientId;

    @BeforeEach
    void publish() {
        if (recipient == null) {
            String local = "mxauth" + UUID.randomUUID().toString().substring(0, 8);
            recipientId = MailboxLookups.createAccount(local);
            recipient = local + "@example.test";
        }
        LoopbackDns.server.clear()
                .txt("crepes.fr", "v=spf1 ip4:127.0.0.1 -all")
                .txt("r1._domainkey.crepes.fr", "v=DKIM1; k=rsa; p=" + base64(DkimAlgorithm.RSA_SHA256.dnsPublicKey(RSA.getPublic())))
                .txt("e1._domainkey.crepes.fr", "v=DKIM1; k=ed25519; p=" + base64(DkimAlgorithm.ED25519_SHA256.dnsPublicKey(ED.getPublic())))
                .txt("_dmarc.crepes.fr", "v=DMARC1; p=reject")
                .txt("bank.example", "v=spf1 ip4:192.0.2.1 -all")
                .txt("_dmarc.bank.example", "v=DMARC1; p=reject")
                .txt("promo.example", "v=spf1 ip4:192.0.2.1 -all")
                .txt("_dmarc.promo.example", "v=DMARC1; p=quarantine; rua=mailto:dmarc@promo.example");
    }

    private String message(String from, String marker, String extraHeader) {
        return extraHeader + "From: <" + from + ">\r\nTo: " + recipient + "\r\nSubject: " + marker
                + "\r\nDate: Thu, 3 Dec 2026 10:00:00 +0000\r\nMessage-ID: <" + marker + "@x>\r\n\r\nHello " + marker + "\r\n";
    }

    private String send(String from, String message) throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(server.port(Listener.MX))) {
            c.startData("mail.sender.example", from, recipient);
            c.raw(message.replace("\r\n.", "\r\n..") + ".\r\n");
            String reply = c.last();
            c.send("QUIT");
            return reply;
        }
    }

    @Test
    void signedMailFromAListedClientPassesAllThree() throws Exception {
        String marker = "signed-" + UUID.randomUUID();
        byte[] signed = new DkimSigner(true, null).sign(message("alice@crepes.fr", marker, "").getBytes(StandardCharsets.UTF_8), List.of(
                new DkimSigner.SigningKey("crepes.fr", "r1", DkimAlgorithm.RSA_SHA256, RSA.getPrivate()),
                new DkimSigner.SigningKey("crepes.fr", "e1", DkimAlgorithm.ED25519_SHA256, ED.getPrivate())), Instant.now());
        String reply = send("alice@crepes.fr", new String(signed, StandardCharsets.UTF_8));
        assertTrue(reply.startsWith("250 "), reply);
        String stored = stored("INBOX", marker);
        String results = stored.substring(stored.indexOf("Authentication-Results: example.test;"), stored.indexOf("Received: "));
        assertTrue(results.contains("spf=pass smtp.mailfrom=crepes.fr;"), results);
        assertTrue(results.contains("dkim=pass header.d=crepes.fr header.s=r1 header.a=rsa-sha256"), results);
        assertTrue(results.contains("dkim=pass header.d=crepes.fr header.s=e1 header.a=ed25519-sha256"), results);
        assertTrue(results.contains("arc=none;"), "no ARC chain: " + results);
        assertTrue(results.contains("dmarc=pass (p=reject dis=none) header.from=crepes.fr"), results);
    }

    @Test
    void aForgedBankIsRefusedUnderItsRejectPolicy() throws Exception {
        String reply = send("ceo@bank.example", message("ceo@bank.example", "forged-" + UUID.randomUUID(), ""));
        assertEquals("550 5.7.1 Message refused: the DMARC policy of bank.example says reject, and neither SPF nor DKIM passed for it", reply);
    }

    @Test
    void quarantinedMailIsFiledIntoJunk() throws Exception {
        String marker = "promo-" + UUID.randomUUID();
        String reply = send("offers@promo.example", message("offers@promo.example", marker, ""));
        assertTrue(reply.startsWith("250 "), reply);
        String stored = stored("Junk", marker);
        assertTrue(stored.contains("spf=fail"), stored);
        assertTrue(stored.contains("dmarc=fail (p=quarantine dis=quarantine) header.from=promo.example"), stored);
        // promo.example asks for aggregate reports: the evaluation is on mail.dmarc.observations for mailbox-service
        com.fasterxml.jackson.databind.JsonNode observation = observation("promo.example");
        assertEquals("quarantine", observation.get("disposition").asText());
        assertEquals("fail", observation.get("spfAligned").asText());
        assertEquals("127.0.0.1", observation.get("sourceIp").asText());
        assertEquals("mailto:dmarc@promo.example", observation.get("rua").get(0).asText());
    }

    /** The newest observation for a policy domain on mail.dmarc.observations. */
    private static com.fasterxml.jackson.databind.JsonNode observation(String domain) throws Exception {
        java.util.Properties settings = new java.util.Properties();
        settings.put("bootstrap.servers", System.getenv("KAFKA_BOOTSTRAP_SERVERS"));
        settings.put("key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        settings.put("value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(settings)) {
            var partitions = consumer.partitionsFor(edu.hamburger.mail.core.topic.MailTopics.DMARC_OBSERVATIONS).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            com.fasterxml.jackson.databind.JsonNode found = null;
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(java.time.Duration.ofMillis(500))) {
                    if (domain.equals(record.key())) {
                        found = new com.fasterxml.jackson.databind.ObjectMapper().readTree(record.value());
                    }
                }
                if (found != null) {
                    return found;
                }
            }
            throw new AssertionError("no observation for " + domain + " on " + edu.hamburger.mail.core.topic.MailTopics.DMARC_OBSERVATIONS);
        }
    }

    @Test
    void resultsClaimedUnderOurNameAreRemoved() throws Exception {
        String marker = "claims-" + UUID.randomUUID();
        String forgedClaim = "Authentication-Results: example.test; dkim=pass header.d=bank.example; dmarc=pass " + marker + "\r\n";
        String reply = send("alice@crepes.fr", message("alice@crepes.fr", marker, forgedClaim));
        assertTrue(reply.startsWith("250 "), reply);
        String stored = stored("INBOX", marker);
        assertFalse(stored.contains("dmarc=pass " + marker), "the sender's claim is gone: " + stored);
        assertEquals(1, stored.split("Authentication-Results: example.test;", -1).length - 1, stored);
        assertTrue(stored.contains("dkim=none"), "unsigned: " + stored);
    }

    /** A sender domain whose DNS never answers costs the session the deadline, not the DNS timeouts: temperror, accepted. */
    @Test
    void aSenderWhoseDnsNeverAnswersIsRecordedAsTemperrorAfterTheDeadline() throws Exception {
        LoopbackDns.server.silent("slow.example");
        String marker = "slow-" + UUID.randomUUID();
        long start = System.nanoTime();
        String reply = send("someone@slow.example", message("someone@slow.example", marker, ""));
        long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertTrue(reply.startsWith("250 "), reply);
        assertTrue(seconds < 10, "answered after the 3 s deadline, not after every lookup's timeout: " + seconds + " s");
        String stored = stored("INBOX", marker);
        assertTrue(stored.contains("spf=temperror reason=\"checks took longer than 3 s\" smtp.mailfrom=slow.example"), stored);
    }

    /** Python's smtplib, a client nobody here wrote, hears the refusal as the RFC says: an SMTPDataError 550. */
    @Test
    void smtplibSeesTheRefusal() throws Exception {
        String script = String.join("\n",
                "import smtplib, sys",
                "s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=30)",
                "try:",
                "    s.sendmail('ceo@bank.example', ['bob@example.test'], b'From: ceo@bank.example\\r\\nSubject: wire\\r\\n\\r\\npay now\\r\\n')",
                "    print('accepted')",
                "except smtplib.SMTPDataError as e:",
                "    print(e.smtp_code, e.smtp_error.decode())",
                "s.quit()");
        Process python = new ProcessBuilder("python3", "-c", script, Integer.toString(server.port(Listener.MX))).redirectErrorStream(true).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(python.waitFor(60, TimeUnit.SECONDS));
        assertTrue(out.startsWith("550 5.7.1 Message refused: the DMARC policy of bank.example says reject"), out);
    }

    private static String stored(String mailbox, String marker) {
        return new String(MailboxLookups.awaitMessageContaining(recipientId, mailbox, marker), StandardCharsets.UTF_8);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}

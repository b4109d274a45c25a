package edu.hamburger.mail.relay;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.address.SmtpPath;
import edu.hamburger.mail.core.record.Envelope;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.smtp.QueueId;
import edu.hamburger.mail.core.topic.MailTopics;
import edu.hamburger.mail.mailbox.client.MailboxLookups;
import edu.hamburger.mail.mailbox.client.MailboxServiceProcess;
import edu.hamburger.mail.relay.ScriptedSmtpServer.Reply;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relay as it runs: records on the real Kafka broker, real SMTP peers on loopback (a scripted
 * server and Postfix's smtp-sink), bounces filed by the real mailbox-service.
 */
@QuarkusTest
@QuarkusTestResource(value = MailboxServiceProcess.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RelayPeers.class, restrictToAnnotatedClass = true)
class OutboundRelayTest {

    private static RelayKafka kafka;

    @BeforeAll
    static void watch() {
        kafka = new RelayKafka(MailTopics.INBOUND, MailTopics.TLS_OBSERVATIONS);
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void temporaryFailureThenSuccessDeliversExactlyOnceAfterTheDelay() {
        RelayPeers.scripted.on("RCPT bob@flaky.test", new Reply("451 4.3.0 temporarily out of order"));
        MailRecord record = record("alice@example.test", "flaky once", "bob@flaky.test");
        kafka.queue(MailTopics.OUTBOUND, record);

        String marker = marker(record);
        await().atMost(Duration.ofSeconds(40)).until(() -> receivedWith(RelayPeers.scripted, marker).size() == 1);
        List<JsonNode> statuses = awaitStatuses(record, 2);
        assertEquals("DEFERRED", statuses.get(0).get("outcome").asText());
        assertEquals(451, statuses.get(0).get("replyCode").asInt());
        assertEquals("DELIVERED", statuses.get(1).get("outcome").asText());
        assertEquals(2, statuses.get(1).get("attempt").asInt());
        Duration waited = Duration.between(Instant.parse(statuses.get(0).get("at").asText()), Instant.parse(statuses.get(1).get("at").asText()));
        assertTrue(waited.compareTo(Duration.ofMillis(1900)) >= 0, "the retry waited for the backoff, but came after " + waited);

        // for longer than a retry takes (the backoff is 2-4 s here): no second copy, no third outcome
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6))
                .until(() -> receivedWith(RelayPeers.scripted, marker).size() == 1 && kafka.statuses(record.envelope().queueId()).size() == 2);
    }

    /**
     * A client's re-send after a lost 250 is queued again under a new queue id with the same
     * ResendDigest: the relay asks the real mailbox-service and sends it nowhere, reporting it
     * delivered as the first copy; a message with another digest goes out.
     */
    @Test
    void aClientsResendIsRelayedOnce() {
        MailRecord first = record("alice@example.test", "resent", "carol@flaky.test");
        String digest = edu.hamburger.mail.core.record.ResendDigest.of("<" + first.envelope().queueId() + "@example.test>",
                first.envelope().reversePath().toString(), List.of("carol@flaky.test"), first.message());
        MailRecord original = new MailRecord(first.envelope().withResendDigest(digest), first.message());
        Envelope again = new Envelope(QueueId.next(), original.envelope().reversePath(), original.envelope().recipients(),
                original.envelope().receivedAt().plusSeconds(2), null, null, null, 0, null, null, null, null, null, false, false, digest);
        MailRecord resend = new MailRecord(again, original.message());
        kafka.queue(MailTopics.OUTBOUND, original);
        String marker = marker(original);
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedWith(RelayPeers.scripted, marker).size() == 1);
        kafka.queue(MailTopics.OUTBOUND, resend);

        List<JsonNode> statuses = awaitStatuses(resend, 1);
        assertEquals("DELIVERED", statuses.get(0).get("outcome").asText());
        assertTrue(statuses.get(0).get("diagnostic").asText().contains("a re-send of " + original.envelope().queueId()),
                statuses.get(0).toString());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> receivedWith(RelayPeers.scripted, marker).size() == 1);
    }

    @Test
    void permanentFailureBouncesAnRfc3464ReportIntoTheSendersMailbox() throws Exception {
        RelayPeers.scripted.on("RCPT nobody@reject.test", new Reply("550 5.1.1 <nobody@reject.test>: Recipient address rejected"));
        MailRecord record = record("alice@example.test", "this will bounce", "nobody@reject.test");
        kafka.queue(MailTopics.OUTBOUND, record);

        long alice = MailboxLookups.accountId("alice", MailboxServiceProcess.PASSWORD);
        byte[] bounce = MailboxLookups.awaitMessageContaining(alice, "X-Queue-ID: " + record.envelope().queueId());
        MimeMessage dsn = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bounce));
        assertTrue(dsn.getContentType().startsWith("multipart/report"), dsn.getContentType());
        assertTrue(dsn.getContentType().contains("report-type=delivery-status"), dsn.getContentType());
        assertEquals("Undelivered Mail Returned to Sender", dsn.getSubject());
        Multipart parts = (Multipart) dsn.getContent();
        assertEquals(3, parts.getCount());
        String report = text(parts.getBodyPart(1).getInputStream());
        assertTrue(report.contains("Final-Recipient: rfc822; nobody@reject.test"), report);
        assertTrue(report.contains("Action: failed"), report);
        assertTrue(report.contains("Status: 5.1.1"), report);
        assertTrue(report.contains("Diagnostic-Code: smtp; 550 5.1.1"), report);
        assertTrue(report.contains("Remote-MTA: dns; 127.0.0.1:"), report);
        assertTrue(parts.getBodyPart(2).getContentType().startsWith("message/rfc822"), parts.getBodyPart(2).getContentType());
        assertTrue(text(parts.getBodyPart(2).getInputStream()).contains(marker(record)), "the original comes back");
        assertEquals("FAILED", awaitStatuses(record, 1).get(0).get("outcome").asText());
    }

    @Test
    void mixedOutcomesAreHandledPerRecipient() throws Exception {
        RelayPeers.scripted.on("RCPT later@flaky.test", new Reply("452 4.2.2 mailbox full, try later"))
                .on("RCPT gone@flaky.test", new Reply("550 5.1.1 no such user"));
        MailRecord record = record("alice@example.test", "mixed", "now@flaky.test", "later@flaky.test", "gone@flaky.test");
        kafka.queue(MailTopics.OUTBOUND, record);
        String marker = marker(record);

        await().atMost(Duration.ofSeconds(40)).until(() -> receivedWith(RelayPeers.scripted, marker).size() == 2);
        List<ScriptedSmtpServer.Received> deliveries = receivedWith(RelayPeers.scripted, marker);
        assertEquals(List.of("now@flaky.test"), deliveries.get(0).recipients());
        assertEquals(List.of("later@flaky.test"), deliveries.get(1).recipients(), "only the deferred recipient is retried");

        long alice = MailboxLookups.accountId("alice", MailboxServiceProcess.PASSWORD);
        String bounce = new String(MailboxLookups.awaitMessageContaining(alice, "X-Queue-ID: " + record.envelope().queueId()), StandardCharsets.UTF_8);
        assertTrue(bounce.contains("Final-Recipient: rfc822; gone@flaky.test"), bounce);
        assertTrue(!bounce.contains("Final-Recipient: rfc822; now@flaky.test") && !bounce.contains("Final-Recipient: rfc822; later@flaky.test"),
                "the bounce names only the failed recipient");
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6))
                .until(() -> receivedWith(RelayPeers.scripted, marker).size() == 2); // nobody got it twice
    }

    @Test
    void aBounceIsNeverBounced() {
        RelayPeers.scripted.on("RCPT nobody2@reject.test", new Reply("550 5.1.1 no such user"));
        MailRecord record = new MailRecord(Envelope.of(QueueId.next(), SmtpPath.NULL,
                List.of(EnvelopeRecipient.of(MailAddress.parse("nobody2@reject.test"))), Instant.now()),
                message("MAILER-DAEMON@elsewhere.test", "a bounce itself", "nobody2@reject.test"));
        kafka.queue(MailTopics.OUTBOUND, record);
        assertEquals("FAILED", awaitStatuses(record, 1).get(0).get("outcome").asText());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)) // no report about a report
                .until(() -> kafka.watched().stream().noneMatch(r -> new String(r.value(), StandardCharsets.UTF_8)
                        .contains("X-Queue-ID: " + record.envelope().queueId())));
    }

    @Test
    void postfixSmtpSinkReceivesRelayedMail() throws Exception {
        MailRecord record = record("alice@example.test", "to the sink", "anyone@sink.test", "another@sink.test");
        kafka.queue(MailTopics.OUTBOUND, record);
        List<JsonNode> statuses = awaitStatuses(record, 2);
        statuses.forEach(s -> assertEquals("DELIVERED", s.get("outcome").asText(), s.toString()));
        String marker = marker(record);
        await().atMost(Duration.ofSeconds(10)).until(() -> sinkFilesContaining(marker) == 1);
    }

    @Test
    void operatorsListRetryNowAndPurgeDeferredMail() {
        given().get("/api/v1/admin/queue").then().statusCode(401);
        given().auth().oauth2("wrong-token-wrong-token").get("/api/v1/admin/queue").then().statusCode(401);

        // two messages waiting an hour in the delay topic, as if deferred long ago
        MailRecord held = deferred(record("alice@example.test", "held for an hour", "held@flaky.test"), Duration.ofHours(1));
        MailRecord doomed = deferred(record("alice@example.test", "to be purged", "doomed@flaky.test"), Duration.ofHours(1));
        kafka.queue(MailTopics.retryTopic(Duration.ofHours(1)), held);
        kafka.queue(MailTopics.retryTopic(Duration.ofHours(1)), doomed);

        await().atMost(Duration.ofSeconds(20)).until(() -> admin().get("/api/v1/admin/queue?domain=flaky.test").jsonPath()
                .getList("messages.queueId").containsAll(List.of(held.envelope().queueId(), doomed.envelope().queueId())));
        admin().get("/api/v1/admin/queue?domain=flaky.test").then()
                .body("messages.find { it.queueId == '" + held.envelope().queueId() + "' }.state", equalTo("deferred"))
                .body("messages.find { it.queueId == '" + held.envelope().queueId() + "' }.attempt", equalTo(1));

        admin().post("/api/v1/admin/queue/" + held.envelope().queueId() + "/retry").then().statusCode(200).body("records", equalTo(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> receivedWith(RelayPeers.scripted, marker(held)).size() == 1);

        admin().delete("/api/v1/admin/queue/" + doomed.envelope().queueId()).then().statusCode(200).body("action", equalTo("purge"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !admin().get("/api/v1/admin/queue?domain=flaky.test").jsonPath()
                .getList("messages.queueId").contains(doomed.envelope().queueId()));
        admin().delete("/api/v1/admin/queue/NOSUCHQUEUEID").then().statusCode(404);
        assertTrue(receivedWith(RelayPeers.scripted, marker(doomed)).isEmpty());
    }

    @Test
    void aRecordWaitingForItsTimeHoldsUpOnlyItsOwnPartition() {
        String topic = MailTopics.retryTopic(Duration.ofMinutes(5));
        MailRecord waiting = deferred(record("alice@example.test", "waits an hour", "wait@flaky.test"), Duration.ofHours(1));
        MailRecord due = deferred(record("alice@example.test", "due now", "due@flaky.test"), Duration.ofMillis(-1));
        kafka.queue(topic, 0, waiting);
        kafka.queue(topic, 1, due);
        await().atMost(Duration.ofSeconds(20)).until(() -> receivedWith(RelayPeers.scripted, marker(due)).size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)) // not delivered before its time
                .until(() -> receivedWith(RelayPeers.scripted, marker(waiting)).isEmpty());
    }

    @Test
    void countersAndConsumerLagAreExported() {
        MailRecord record = record("alice@example.test", "counted", "counted@flaky.test");
        kafka.queue(MailTopics.OUTBOUND, record);
        awaitStatuses(record, 1);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("mail_relay_recipients_total{outcome=\"delivered\"}"), "delivered counter");
        assertTrue(metrics.contains("mail_relay_recipients_total{outcome=\"deferred\"}"), "deferred counter");
        assertTrue(metrics.contains("mail_relay_recipients_total{outcome=\"bounced\"}"), "bounced counter");
        assertTrue(metrics.contains("mail_relay_delivery_latency_seconds_bucket"), "latency histogram");
        assertTrue(metrics.contains("kafka_consumer_fetch_manager_records_lag_max"), "consumer lag");
        assertTrue(metrics.contains("mail_relay_tls_sessions_total{result=\""), "TLS per session");
        assertTrue(metrics.contains("mail_relay_domain_recipients_total{domain=\"flaky.test\",outcome=\"delivered\"}"), "per destination domain");
        // the queue's depth and oldest age per topic and retry tier, sampled outside the group
        await().atMost(Duration.ofSeconds(20)).until(() -> given().get("/q/metrics").then().extract().asString()
                .contains("mail_queue_depth{group=\"queue-relay\",topic=\"mail.outbound\"}"));
        metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("mail_queue_oldest_age_seconds{group=\"queue-relay\",topic=\"" + MailTopics.retryTopic(MailTopics.RETRY_DELAYS.get(0)) + "\"}"),
                "every retry tier has its gauge");
    }

    @Test
    void outboundMailIsSignedWithBothKeysAndARetryIsNotSignedAgain() throws Exception {
        MailRecord record = record("alice@example.test", "signed", "signed@flaky.test");
        kafka.queue(MailTopics.OUTBOUND, record);
        await().atMost(Duration.ofSeconds(40)).until(() -> receivedWith(RelayPeers.scripted, marker(record)).size() == 1);
        byte[] delivered = receivedWith(RelayPeers.scripted, marker(record)).get(0).data();
        assertEquals(2, signatures(delivered), new String(delivered, StandardCharsets.UTF_8));
        assertEquals(List.of("pass rsa-sha256", "pass ed25519-sha256"), verified(delivered));

        // a later attempt carries the message as signed the first time (a delay topic holds the
        // signed bytes): it goes out as it is, not signed a second time
        byte[] signedOnce = delivered; // the relay adds no trace field: the peer got the message as queued, signed
        MailRecord retry = new MailRecord(Envelope.of(QueueId.next(), SmtpPath.of(MailAddress.parse("alice@example.test")),
                List.of(EnvelopeRecipient.of(MailAddress.parse("signed2@flaky.test"))), Instant.now()).nextAttempt(Instant.now()), signedOnce);
        kafka.queue(MailTopics.OUTBOUND, retry);
        await().atMost(Duration.ofSeconds(40)).until(() -> RelayPeers.scripted.received().stream()
                .anyMatch(r -> r.recipients().equals(List.of("signed2@flaky.test"))));
        byte[] again = RelayPeers.scripted.received().stream().filter(r -> r.recipients().equals(List.of("signed2@flaky.test")))
                .findFirst().orElseThrow().data();
        assertEquals(2, signatures(again), "not signed again");
        assertEquals(List.of("pass rsa-sha256", "pass ed25519-sha256"), verified(again));
    }

    @jakarta.inject.Inject
    edu.hamburger.mail.relay.delivery.TlsObservationPublisher tlsSessions;

    /**
     * What the delivery client tells about a session (SmtpDeliveryClientTest shows it tells) reaches
     * mail.tls.observations for the domain's TLS report, from a session with the domain's own MX only.
     */
    @Test
    void aSessionWithADomainsOwnMxIsWrittenForItsTlsReport() throws Exception {
        String domain = "r" + System.nanoTime() + ".test";
        var hop = new edu.hamburger.mail.relay.route.NextHop("192.0.2.25", 25, null, "MX 10", "mx." + domain);
        var policy = edu.hamburger.mail.auth.MtaStsPolicy.parse("version: STSv1\nmode: testing\nmx: mx." + domain + "\nmax_age: 600\n");
        var session = new edu.hamburger.mail.relay.client.TlsSession("plaintext", "198.51.100.3", "192.0.2.25");
        tlsSessions.session(new edu.hamburger.mail.relay.route.Route(domain, List.of(hop),
                edu.hamburger.mail.relay.route.TlsPolicy.MAY, policy, true), hop, session);
        // the same through a transport map entry: the domain's report is not about the operator's smart host
        tlsSessions.session(new edu.hamburger.mail.relay.route.Route(domain, List.of(hop), edu.hamburger.mail.relay.route.TlsPolicy.MAY),
                hop, new edu.hamburger.mail.relay.client.TlsSession("success", "198.51.100.3", "192.0.2.25"));
        await().atMost(Duration.ofSeconds(20)).until(() -> observations(domain).size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> observations(domain).size() == 1);
        JsonNode written = new com.fasterxml.jackson.databind.ObjectMapper().readTree(observations(domain).get(0).value());
        assertEquals("starttls-not-supported", written.get("result").asText(), "plaintext in RFC 8460's words: " + written);
        assertEquals("sts", written.get("policyType").asText());
        assertEquals("mode: testing", written.get("policyStrings").get(1).asText());
        assertEquals("mx." + domain, written.get("receivingMx").asText());
        assertEquals("192.0.2.25", written.get("receivingIp").asText());
        assertEquals("198.51.100.3", written.get("sendingIp").asText());
    }

    private static List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> observations(String domain) {
        return kafka.watched().stream().filter(r -> r.topic().equals(MailTopics.TLS_OBSERVATIONS) && domain.equals(r.key())).toList();
    }

    private static int signatures(byte[] message) {
        return new String(message, StandardCharsets.UTF_8).split("DKIM-Signature:", -1).length - 1;
    }

    @Test
    void aBounceToAnotherDomainIsSigned() throws Exception {
        RelayPeers.scripted.on("RCPT nobody3@reject.test", new Reply("550 5.1.1 no such user"));
        MailRecord record = record("carol@flaky.test", "bounce me", "nobody3@reject.test");
        kafka.queue(MailTopics.OUTBOUND, record);
        String reportMarker = "X-Queue-ID: " + record.envelope().queueId();
        await().atMost(Duration.ofSeconds(40)).until(() -> receivedWith(RelayPeers.scripted, reportMarker).size() == 1);
        ScriptedSmtpServer.Received bounce = receivedWith(RelayPeers.scripted, reportMarker).get(0);
        assertTrue(bounce.mailFrom().startsWith("<>"), "a bounce has the null sender: " + bounce.mailFrom());
        assertEquals(List.of("pass rsa-sha256", "pass ed25519-sha256"), verified(bounce.data()));
    }

    /** Each signature's result against the DNS records the admin API tells operators to publish. */
    private static List<String> verified(byte[] message) throws Exception {
        java.net.http.HttpResponse<String> records = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(MailboxServiceProcess.url() + "/api/v1/admin/domains/example.test/dns-records"))
                        .header("Authorization", "Bearer " + MailboxServiceProcess.ADMIN_TOKEN).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, records.statusCode(), records.body());
        try (edu.hamburger.mail.auth.dns.LoopbackDnsServer dns = new edu.hamburger.mail.auth.dns.LoopbackDnsServer()) {
            for (JsonNode record : new com.fasterxml.jackson.databind.ObjectMapper().readTree(records.body())) {
                if (record.get("type").asText().equals("TXT")) {
                    dns.txt(record.get("name").asText(), record.get("value").asText());
                }
            }
            edu.hamburger.mail.auth.dkim.DkimVerifier verifier = new edu.hamburger.mail.auth.dkim.DkimVerifier(
                    new edu.hamburger.mail.auth.dns.DnsResolver(edu.hamburger.mail.auth.dns.DnsSettings.parse(dns.address(), Duration.ofSeconds(2))),
                    java.time.Clock.systemUTC());
            return verifier.verify(message).stream().map(r -> r.result().keyword() + " " + r.algorithm()
                    + (r.domain().equals("example.test") ? "" : " for " + r.domain())).toList();
        }
    }

    // ---- helpers ----

    private static io.restassured.specification.RequestSpecification admin() {
        return given().auth().oauth2(RelayPeers.RelayAdmin.TOKEN);
    }

    static MailRecord record(String from, String subject, String... to) {
        List<EnvelopeRecipient> recipients = Arrays.stream(to).map(MailAddress::parse).map(EnvelopeRecipient::of).toList();
        Envelope envelope = Envelope.of(QueueId.next(), SmtpPath.of(MailAddress.parse(from)), recipients, Instant.now());
        return new MailRecord(envelope, message(from, subject + " " + envelope.queueId(), to[0]));
    }

    private static MailRecord deferred(MailRecord record, Duration wait) {
        return new MailRecord(record.envelope().nextAttempt(Instant.now().plus(wait)), record.message());
    }

    private static byte[] message(String from, String subject, String to) {
        return ("From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + System.nanoTime()
                + "@example.test>\r\n\r\nHello from the relay test.\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String marker(MailRecord record) {
        return record.envelope().queueId();
    }

    private static List<ScriptedSmtpServer.Received> receivedWith(ScriptedSmtpServer server, String marker) {
        return server.received().stream().filter(r -> r.text().contains(marker)).toList();
    }

    private static List<JsonNode> awaitStatuses(MailRecord record, int count) {
        String queueId = record.envelope().queueId();
        await().atMost(Duration.ofSeconds(40)).until(() -> kafka.statuses(queueId).size() >= count);
        return kafka.statuses(queueId);
    }

    private static long sinkFilesContaining(String marker) throws IOException {
        try (Stream<java.nio.file.Path> files = Files.walk(RelayPeers.SINK_DIR)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                try {
                    return Files.readString(f, StandardCharsets.ISO_8859_1).contains(marker);
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }

    private static String text(java.io.InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

}

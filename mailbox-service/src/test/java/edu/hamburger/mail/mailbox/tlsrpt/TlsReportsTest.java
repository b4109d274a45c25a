package edu.hamburger.mail.mailbox.tlsrpt;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.hamburger.mail.core.event.TlsSessionObservation;
import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.topic.MailTopics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Session observations in on mail.tls.observations (as the relay writes them), counted per policy
 * and failure; the day's SMTP TLS report (RFC 8460) out on mail.outbound to the address the
 * domain's _smtp._tls record names, once; a domain without the record gets none.
 */
@QuarkusTest
@QuarkusTestResource(value = ReportDns.class, restrictToAnnotatedClass = true)
class TlsReportsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

    @Test
    void sessionsBecomeOneReportForADomainThatAsksAndNoneForOneThatDoesNot() throws Exception {
        String domain = "t" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        String silent = "s" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        ReportDns.server.txt("_smtp._tls." + domain, "v=TLSRPTv1; rua=https://reports.example/tlsrpt,mailto:tls-reports@" + domain);
        Instant now = Instant.now();
        List<String> policy = List.of("version: STSv1", "mode: testing", "mx: mx1." + domain, "max_age: 86400");
        TlsSessionObservation ok = new TlsSessionObservation(now, domain, "sts", policy, List.of("mx1." + domain), "success",
                "mx1." + domain, "192.0.2.10", "198.51.100.1");
        TlsSessionObservation mismatch = new TlsSessionObservation(now, domain, "sts", policy, List.of("mx1." + domain),
                "certificate-host-mismatch", "mx1." + domain, "192.0.2.10", "198.51.100.1");
        TlsSessionObservation other = new TlsSessionObservation(now, silent, "no-policy-found", List.of(), List.of(), "success",
                "mx." + silent, "192.0.2.20", "198.51.100.1");
        List<TlsSessionObservation> all = new ArrayList<>(List.of(ok, ok, ok, mismatch, mismatch, other));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            for (TlsSessionObservation o : all) {
                producer.send(new ProducerRecord<>(MailTopics.TLS_OBSERVATIONS, o.policyDomain(), json.writeValueAsBytes(o))).get();
            }
        }
        String day = LocalDate.now(ZoneOffset.UTC).toString();
        // counted asynchronously: ask for the day's reports until this domain's is sent
        await("the day's TLS report for " + domain).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().header("Authorization", "Bearer test-admin-api-token").post("/api/v1/admin/tls-reports?day=" + day)
                        .then().statusCode(200).extract().jsonPath().getInt("sent"), sent -> sent > 0);
        MailRecord report = await("the report on " + MailTopics.OUTBOUND).atMost(Duration.ofSeconds(30))
                .until(() -> outboundFor("tls-reports@" + domain), java.util.Objects::nonNull);
        String message = new String(report.message(), StandardCharsets.UTF_8);
        assertTrue(message.contains("\r\nTLS-Report-Domain: " + domain + "\r\n"), message);
        assertTrue(message.contains("\r\nTLS-Report-Submitter: example.test\r\n"), message);
        assertTrue(message.contains("Content-Type: multipart/report; report-type=\"tlsrpt\""), message);
        assertTrue(message.contains("Content-Type: application/tlsrpt+gzip"), message);
        assertTrue(message.contains("Subject: Report Domain: " + domain + " Submitter: example.test Report-ID: <"), message);
        assertEquals("tlsrpt-noreply@example.test", report.envelope().reversePath().mailbox().toString());

        int start = message.indexOf("\r\n\r\n", message.indexOf("Content-Disposition: attachment")) + 4;
        byte[] gz = Base64.getMimeDecoder().decode(message.substring(start, message.indexOf("\r\n--", start)));
        JsonNode tlsrpt = json.readTree(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes());
        assertEquals("example.test", tlsrpt.path("organization-name").asText());
        assertEquals(day + "T00:00:00Z", tlsrpt.path("date-range").path("start-datetime").asText());
        assertEquals(day + "T23:59:59Z", tlsrpt.path("date-range").path("end-datetime").asText());
        assertEquals(1, tlsrpt.path("policies").size(), tlsrpt.toPrettyString());
        JsonNode entry = tlsrpt.path("policies").get(0);
        assertEquals("sts", entry.path("policy").path("policy-type").asText());
        assertEquals(policy, json.convertValue(entry.path("policy").path("policy-string"), List.class));
        assertEquals(domain, entry.path("policy").path("policy-domain").asText());
        assertEquals("mx1." + domain, entry.path("policy").path("mx-host").get(0).asText());
        assertEquals(3, entry.path("summary").path("total-successful-session-count").asInt());
        assertEquals(2, entry.path("summary").path("total-failure-session-count").asInt());
        JsonNode failure = entry.path("failure-details").get(0);
        assertEquals("certificate-host-mismatch", failure.path("result-type").asText());
        assertEquals("198.51.100.1", failure.path("sending-mta-ip").asText());
        assertEquals("mx1." + domain, failure.path("receiving-mx-hostname").asText());
        assertEquals("192.0.2.10", failure.path("receiving-ip").asText());
        assertEquals(2, failure.path("failed-session-count").asInt());

        // once: asking again sends nothing; the domain without a record never got one
        assertEquals(0, given().header("Authorization", "Bearer test-admin-api-token").post("/api/v1/admin/tls-reports?day=" + day)
                .then().statusCode(200).extract().jsonPath().getInt("sent"));
        assertNull(outboundFor("tls-reports@" + silent));
        assertTrue(outboundSenders().stream().noneMatch(m -> m.contains("TLS-Report-Domain: " + silent)));
    }

    private MailRecord outboundFor(String recipient) {
        return outbound().stream().filter(mail -> mail.envelope().recipients().stream()
                .anyMatch(r -> r.address().toString().equals(recipient))).findFirst().orElse(null);
    }

    private List<String> outboundSenders() {
        return outbound().stream().map(mail -> new String(mail.message(), StandardCharsets.UTF_8)).toList();
    }

    private List<MailRecord> outbound() {
        return edu.hamburger.mail.mailbox.MailQueues.outbound(bootstrap);
    }
}

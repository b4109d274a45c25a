package edu.hamburger.mail.mailbox.dmarc;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import edu.hamburger.mail.core.event.DmarcObservation;
import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.topic.MailTopics;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
 * Observations in on mail.dmarc.observations (as the MX writes them), counted per row; the day's
 * report out on mail.outbound: an RFC 7489 message with the gzipped XML, once.
 */
@QuarkusTest
class DmarcReportsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void observationsBecomeOneReportOnTheOutboundQueue() throws Exception {
        String domain = "r" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        Instant now = Instant.now();
        DmarcObservation forged = new DmarcObservation(now, domain, "192.0.2.66", domain, domain, "reject", "fail", "fail",
                null, null, domain, "mfrom", "fail", "reject", "reject", 100, "r", "r", List.of("mailto:dmarc@" + domain + "!10m"));
        DmarcObservation genuine = new DmarcObservation(now, domain, "198.51.100.7", domain, domain, "none", "pass", "pass",
                domain, "pass", domain, "mfrom", "pass", "reject", "reject", 100, "r", "r", List.of("mailto:dmarc@" + domain + "!10m"));
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            for (DmarcObservation o : List.of(forged, forged, forged, genuine)) {
                producer.send(new ProducerRecord<>(MailTopics.DMARC_OBSERVATIONS, domain, json.writeValueAsBytes(o))).get();
            }
        }
        String day = LocalDate.now(ZoneOffset.UTC).toString();
        // the four are counted asynchronously: ask for the day's reports until this domain's is sent
        await("the day's report for " + domain).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().header("Authorization", "Bearer test-admin-api-token").post("/api/v1/admin/dmarc-reports?day=" + day)
                        .then().statusCode(200).extract().jsonPath().getInt("sent"), sent -> sent > 0);
        MailRecord report = await("the report on " + MailTopics.OUTBOUND).atMost(Duration.ofSeconds(30))
                .until(() -> outboundFor("dmarc@" + domain), java.util.Objects::nonNull);
        String message = new String(report.message(), StandardCharsets.UTF_8);
        assertTrue(message.contains("Subject: Report Domain: " + domain + " Submitter: example.test Report-ID: <"), message);
        assertEquals("dmarc-noreply@example.test", report.envelope().reversePath().mailbox().toString());
        int start = message.indexOf("\r\n\r\n", message.indexOf("Content-Disposition: attachment")) + 4;
        byte[] gz = Base64.getMimeDecoder().decode(message.substring(start, message.indexOf("\r\n--", start)));
        String xml = new String(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(xml.contains("<domain>" + domain + "</domain>") && xml.contains("<p>reject</p>"), xml);
        assertTrue(xml.contains("<source_ip>192.0.2.66</source_ip>\n      <count>3</count>"), "three forged messages in one row: " + xml);
        assertTrue(xml.contains("<source_ip>198.51.100.7</source_ip>\n      <count>1</count>"), xml);
        assertTrue(xml.contains("<disposition>reject</disposition>") && xml.contains("<dkim>pass</dkim>"), xml);
        // reported once: asking again sends nothing more for the day
        assertEquals(0, given().header("Authorization", "Bearer test-admin-api-token").post("/api/v1/admin/dmarc-reports?day=" + day)
                .then().statusCode(200).extract().jsonPath().getInt("sent"));
    }

    private MailRecord outboundFor(String recipient) {
        return edu.hamburger.mail.mailbox.MailQueues.outboundTo(bootstrap, recipient).stream().findFirst().orElse(null);
    }
}

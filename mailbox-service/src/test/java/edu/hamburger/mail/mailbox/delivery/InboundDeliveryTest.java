package edu.hamburger.mail.mailbox.delivery;

import static edu.hamburger.mail.mailbox.TestAccounts.api;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.address.SmtpPath;
import edu.hamburger.mail.core.record.Envelope;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.topic.MailTopics;
import edu.hamburger.mail.mailbox.TestAccounts;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** mail.inbound through the real broker into PostgreSQL: idempotent, per-recipient quota, status reports. */
@QuarkusTest
class InboundDeliveryTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private void publish(MailRecord record) throws Exception {
        edu.hamburger.mail.mailbox.MailQueues.publishInbound(bootstrap, record);
    }

    private static MailRecord record(String queueId, List<String> recipients, String body) {
        byte[] message = ("From: alice@crepes.fr\r\nSubject: ketchup\r\nMessage-ID: <" + queueId + "@crepes.fr>\r\n\r\n"
                + body + "\r\n").getBytes(StandardCharsets.UTF_8);
        return new MailRecord(Envelope.of(queueId, SmtpPath.of(MailAddress.parse("alice@crepes.fr")),
                recipients.stream().map(r -> EnvelopeRecipient.of(MailAddress.parse(r))).toList(), Instant.now()), message);
    }

    private static List<Integer> inboxUids(long account) {
        long inbox = TestAccounts.mailbox(account, "INBOX");
        return api().get("/api/v1/accounts/" + account + "/mailboxes/" + inbox + "/messages").then().statusCode(200).extract().path("uid");
    }

    @Test
    void deliveringTheSameRecordTwiceFilesOneMessage() throws Exception {
        long bob = TestAccounts.create("bob", 1L << 30);
        String queueId = "Q" + UUID.randomUUID().toString().replace("-", "");
        MailRecord record = record(queueId, List.of(TestAccounts.address(bob)), "Do you like ketchup?\r\nHow about pickles?");
        publish(record);
        await().atMost(Duration.ofSeconds(30)).until(() -> inboxUids(bob).size() == 1);
        publish(record);
        // a second record proves the consumer went past the duplicate
        MailRecord marker = record("Q" + UUID.randomUUID().toString().replace("-", ""), List.of(TestAccounts.address(bob)), "marker");
        publish(marker);
        await().atMost(Duration.ofSeconds(30)).until(() -> inboxUids(bob).size() == 2);
        assertEquals(List.of(1, 2), inboxUids(bob));

        long inbox = TestAccounts.mailbox(bob, "INBOX");
        byte[] stored = api().get("/api/v1/accounts/" + bob + "/mailboxes/" + inbox + "/messages/1/content").then()
                .statusCode(200).extract().asByteArray();
        String text = new String(stored, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Return-Path: <alice@crepes.fr>\r\nFrom: alice@crepes.fr\r\n"), text);
        assertTrue(text.endsWith("Do you like ketchup?\r\nHow about pickles?\r\n"));
    }

    @Test
    void aRecipientOverQuotaDoesNotCostTheOthersTheirCopies() throws Exception {
        long bob = TestAccounts.create("bob", 1L << 30);
        long full = TestAccounts.create("full", 10);
        try (var statuses = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            statuses.partitionsFor(MailTopics.DELIVERY_STATUS).forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            statuses.assign(partitions);
            statuses.seekToEnd(partitions);
            partitions.forEach(statuses::position);

            String queueId = "Q" + UUID.randomUUID().toString().replace("-", "");
            publish(record(queueId, List.of(TestAccounts.address(full), TestAccounts.address(bob)), "for both"));
            await().atMost(Duration.ofSeconds(30)).until(() -> inboxUids(bob).size() == 1);
            assertEquals(List.of(), inboxUids(full));

            List<String> reports = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                statuses.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (queueId.equals(r.key())) {
                        reports.add(r.value());
                    }
                });
                return reports.size() >= 2;
            });
            String failed = reports.stream().filter(r -> r.contains("\"FAILED\"")).findFirst().orElseThrow();
            assertTrue(failed.contains("\"enhancedCode\":\"5.2.2\"") && failed.contains(TestAccounts.address(full)), failed);
            assertTrue(reports.stream().anyMatch(r -> r.contains("\"DELIVERED\"") && r.contains(TestAccounts.address(bob))), reports.toString());
        }
    }

    @Test
    void malformedRecordGoesToTheDeadLetterTopicAndDoesNotBlockTheQueue() throws Exception {
        long bob = TestAccounts.create("bob", 1L << 30);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap, "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(MailTopics.INBOUND, "junk",
                    "no envelope".getBytes(StandardCharsets.US_ASCII))).get();
        }
        publish(record("Q" + UUID.randomUUID().toString().replace("-", ""), List.of(TestAccounts.address(bob)), "after junk"));
        await().atMost(Duration.ofSeconds(30)).until(() -> inboxUids(bob).size() == 1);
        byte[] body = api().get("/api/v1/accounts/" + bob + "/mailboxes/" + TestAccounts.mailbox(bob, "INBOX") + "/messages/1/content")
                .then().extract().asByteArray();
        assertArrayEquals("after junk\r\n".getBytes(StandardCharsets.US_ASCII),
                java.util.Arrays.copyOfRange(body, body.length - 12, body.length));
    }
}

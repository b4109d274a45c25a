package edu.hamburger.mail.mailbox.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.address.SmtpPath;
import edu.hamburger.mail.core.record.Envelope;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.record.MailRecordHeaders;
import edu.hamburger.mail.core.topic.MailTopics;
import edu.hamburger.mail.mailbox.client.MailboxLookups;
import edu.hamburger.mail.mailbox.client.MailboxServiceProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A burst of 25 MB messages on every partition of {@code mail.inbound}, filed by the built
 * mailbox-service in its own process with the heap the tests give every service (256 MB) and
 * {@code -XX:+ExitOnOutOfMemoryError}: every message is filed whole and the process lives.
 * Before the inbound consumers' fetches were bounded and large filings took turns, four such
 * messages ran it out of heap inside a Kafka fetch, and that consumer stayed wedged on the record.
 */
class LargeMessageBurstIT {

    private static final int MESSAGES = 6;
    private static final int MESSAGE_BYTES = 25 * 1024 * 1024;

    private static final MailboxServiceProcess SERVICE = new MailboxServiceProcess();

    @BeforeAll
    static void start() throws Exception {
        Files.deleteIfExists(Path.of("target", "mailbox-service-process.log")); // the check below reads this run's alone
        SERVICE.start();
    }

    @AfterAll
    static void stop() {
        SERVICE.stop();
    }

    private static byte[] message(String marker) {
        StringBuilder text = new StringBuilder(MESSAGE_BYTES + 200);
        text.append("From: alice@crepes.fr\r\nSubject: ").append(marker).append("\r\nMessage-ID: <").append(marker)
                .append("@crepes.fr>\r\n\r\n");
        String line = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789abcdef\r\n";
        while (text.length() + line.length() <= MESSAGE_BYTES) {
            text.append(line);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void twelve25MegabyteMessagesOnEveryPartitionAreFiledAndTheServiceLives() throws Exception {
        MailboxLookups.TestAccount account = MailboxLookups.freshAccount("burst");
        MailboxLookups.setQuota(account.id(), 4L << 30);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", System.getenv("KAFKA_BOOTSTRAP_SERVERS"),
                "acks", "all", "max.request.size", 30 * 1024 * 1024, "buffer.memory", 64L * 1024 * 1024),
                new StringSerializer(), new ByteArraySerializer())) {
            int partitions = producer.partitionsFor(MailTopics.INBOUND).size();
            for (int i = 0; i < MESSAGES; i++) {
                String queueId = "BURST" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
                MailRecord record = new MailRecord(Envelope.of(queueId, SmtpPath.of(MailAddress.parse("alice@crepes.fr")),
                        List.of(EnvelopeRecipient.of(MailAddress.parse(account.address()))), Instant.now()), message("burst-" + i));
                ProducerRecord<String, byte[]> keyed = MailRecordHeaders.toProducerRecord(MailTopics.INBOUND, record);
                // every partition gets two, so every consumer of the service has large records at once
                sent.add(producer.send(new ProducerRecord<>(keyed.topic(), i % partitions, keyed.key(), keyed.value(), keyed.headers())));
            }
            for (Future<RecordMetadata> each : sent) {
                each.get();
            }
        }
        Awaitility.await("all " + MESSAGES + " filed").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> MailboxLookups.inboxCount(account.id()), filed -> filed == MESSAGES);
        byte[] newest = MailboxLookups.newestInboxMessage(account.id());
        assertTrue(newest.length > MESSAGE_BYTES - 100, "filed whole: " + newest.length + " octets");

        String log = Files.readString(Path.of("target", "mailbox-service-process.log"));
        assertFalse(log.contains("OutOfMemoryError"), "no OutOfMemoryError in the service's log");
        assertEquals(MESSAGES, MailboxLookups.inboxCount(account.id()));
        assertTrue(SERVICE.ready(), "the service still answers");
    }
}

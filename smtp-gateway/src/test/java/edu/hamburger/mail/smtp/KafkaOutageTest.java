package edu.hamburger.mail.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.record.MailRecordHeaders;
import edu.hamburger.mail.core.topic.MailTopics;
import edu.hamburger.mail.mailbox.client.MailboxServiceProcess;
import edu.hamburger.mail.smtp.protocol.Listener;
import edu.hamburger.mail.smtp.transport.SmtpServer;
import edu.hamburger.mail.mailbox.client.TestKeystore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** Kafka killed: the gateway answers 451 4.3.0 (nothing accepted, nothing lost); back: 250 again. */
@QuarkusTest
@QuarkusTestResource(value = TestKeystore.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = DedicatedKafkaBroker.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = MailboxServiceProcess.class, restrictToAnnotatedClass = true)
class KafkaOutageTest {

    @Inject
    SmtpServer server;

    private String send(String subject) throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(server.port(Listener.MX))) {
            c.startData("crepes.fr", "alice@crepes.fr", "bob@example.test");
            c.raw("Subject: " + subject + "\r\n\r\nbody\r\n.\r\n");
            return c.last();
        }
    }

    @Test
    void kafkaDownGives451AndSendingWorksOnceItIsBack() throws Exception {
        DedicatedKafkaBroker kafka = DedicatedKafkaBroker.current();
        assertTrue(send("before").startsWith("250 2.6.0"));

        kafka.kill();
        long start = System.nanoTime();
        String refused = send("during the outage");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(refused.startsWith("451 4.3.0"), refused);
        assertTrue(seconds < 15, "answered within the queue timeout, took " + seconds + " s");

        kafka.startBroker();
        String accepted = null;
        for (int attempt = 0; attempt < 10 && (accepted == null || !accepted.startsWith("250")); attempt++) {
            accepted = send("after the outage"); // a client retries a 451, as RFC 5321 §4.5.4.1 asks
        }
        assertTrue(accepted.startsWith("250 2.6.0"), accepted);

        // what reached Kafka: "before" and "after", never the message refused with 451
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrap(),
                "isolation.level", "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(MailTopics.INBOUND).forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> subjects = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            // both, whatever partition each landed in and whichever a poll returns first
            while (System.nanoTime() < deadline && !(subjects.contains("before") && subjects.contains("after the outage"))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String text = new String(MailRecordHeaders.fromConsumerRecord(record).message(), java.nio.charset.StandardCharsets.UTF_8);
                    subjects.add(text.substring(text.indexOf("Subject: ") + 9, text.indexOf("\r\n", text.indexOf("Subject: "))));
                }
            }
            assertTrue(subjects.contains("before") && subjects.contains("after the outage"), subjects.toString());
            assertEquals(0, subjects.stream().filter(s -> s.equals("during the outage")).count(), subjects.toString());
        }
    }
}

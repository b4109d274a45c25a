package edu.hamburger.mail.mailbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.address.SmtpPath;
import edu.hamburger.mail.core.record.Envelope;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.record.MailRecordHeaders;
import edu.hamburger.mail.core.topic.MailTopics;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The mail record format through the real broker: a producer publishes to {@code mail.inbound}
 * with acks=all and zstd, a consumer reads the same envelope and bytes back, a 20 MiB message too.
 */
@QuarkusTest
class MailInboundTopicTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void inboundTopicHasThePartitionsTheProvisionerWasGiven() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            int partitions = admin.describeTopics(List.of(MailTopics.INBOUND)).allTopicNames().get()
                    .get(MailTopics.INBOUND).partitions().size();
            // deploy/local/test makes its broker's topics with MAIL_TOPIC_PARTITIONS (6), and the tests inherit it
            assertEquals(MailTopics.configuredPartitions(), partitions);
        }
    }

    @Test
    void koreanEnvelopeAndTwentyMebibyteMessageComeBackFromTheBroker() throws Exception {
        String queueId = "T" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
        byte[] body = new byte[20 * 1024 * 1024];
        new Random(7).nextBytes(body);
        byte[] headerPart = "Subject: =?UTF-8?B?7JWI64WV?=\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[headerPart.length + body.length];
        System.arraycopy(headerPart, 0, message, 0, headerPart.length);
        System.arraycopy(body, 0, message, headerPart.length, body.length);
        Envelope envelope = Envelope.of(queueId, SmtpPath.of(MailAddress.parse("앨리스@크레페.fr")),
                List.of(EnvelopeRecipient.of(MailAddress.parse("bob@example.test"))), Instant.now());
        MailRecord sent = new MailRecord(envelope, message);

        var producerRecord = MailRecordHeaders.toProducerRecord(MailTopics.INBOUND, sent);
        int partition;
        long offset;
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MailTopics.MAX_MESSAGE_BYTES),
                new StringSerializer(), new ByteArraySerializer())) {
            var metadata = producer.send(producerRecord).get();
            partition = metadata.partition();
            offset = metadata.offset();
        }

        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MailTopics.MAX_MESSAGE_BYTES,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, MailTopics.MAX_MESSAGE_BYTES,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition topicPartition = new TopicPartition(MailTopics.INBOUND, partition);
            consumer.assign(List.of(topicPartition));
            consumer.seek(topicPartition, offset);
            List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
            assertTrue(!received.isEmpty(), "the record should come back within 30 s");
            ConsumerRecord<String, byte[]> record = received.get(0);
            assertEquals(queueId, record.key());
            MailRecord back = MailRecordHeaders.fromConsumerRecord(record);
            assertEquals(envelope, back.envelope());
            assertEquals("앨리스", back.envelope().reversePath().mailbox().localPart());
            assertArrayEquals(message, back.message());
        }
    }
}

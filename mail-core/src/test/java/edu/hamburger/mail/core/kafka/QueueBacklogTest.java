package edu.hamburger.mail.core.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import edu.hamburger.mail.core.address.SmtpPath;
import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.record.Envelope;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.record.MailRecordHeaders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Against the real broker of deploy/local/test: depth and oldest age as a group commits. */
class QueueBacklogTest {

    final String bootstrap = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    final String topic = "backlog-test-" + System.nanoTime();
    final String group = "backlog-test-group-" + System.nanoTime();
    final Instant now = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void depthCountsWhatIsPastTheCommittedOffsetsAndAgeIsTheOldestWaitingReceipt() throws Exception {
        if (bootstrap == null) {
            throw new IllegalStateException("KAFKA_BOOTSTRAP_SERVERS is not set: run the tests with deploy/local/test");
        }
        Properties adminSettings = new Properties();
        adminSettings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(adminSettings)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        produce(0, now.minusSeconds(300));
        produce(0, now.minusSeconds(120));
        produce(1, now.minusSeconds(60));
        commit(Map.of(new TopicPartition(topic, 0), 1L)); // the 300 s old one is done; partition 1 never committed

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (QueueBacklog backlog = new QueueBacklog(bootstrap, group, List.of(topic), Clock.fixed(now, ZoneOffset.UTC))) {
            backlog.sample();
            assertEquals(new QueueBacklog.TopicBacklog(2, 120.0), backlog.backlog(topic));

            // a message queued in a Kafka transaction (as smtp-gateway queues one for several
            // destinations) leaves a marker after it: once the record is done, the marker is no backlog
            produceInTransaction(1, now.minusSeconds(30));
            commit(Map.of(new TopicPartition(topic, 0), 2L, new TopicPartition(topic, 1), 2L));
            backlog.sample();
            assertEquals(new QueueBacklog.TopicBacklog(0, 0.0), backlog.backlog(topic));

            backlog.start(registry, Duration.ofHours(1)); // one sample at once, then the gauges read it
            assertEquals(0.0, registry.get("mail.queue.depth").tag("topic", topic).tag("group", group).gauge().value());
            assertEquals(0.0, registry.get("mail.queue.oldest.age").tag("topic", topic).gauge().value());
        }
    }

    @Test
    void aRecordWithoutAReadableReceiptTimeIsAgedByTheBrokersTimestamp() {
        var record = new org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>(topic, 0, 0, 1_000L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0, null, new byte[0],
                new org.apache.kafka.common.header.internals.RecordHeaders().add(MailRecordHeaders.RECEIVED_AT,
                        "yesterday".getBytes(StandardCharsets.UTF_8)), java.util.Optional.empty());
        assertEquals(Instant.ofEpochMilli(1_000L), QueueBacklog.receivedAt(record));
    }

    private void produce(int partition, Instant receivedAt) throws Exception {
        Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Envelope envelope = Envelope.of("Q" + System.nanoTime(), SmtpPath.NULL,
                List.of(EnvelopeRecipient.of(MailAddress.parse("bob@example.test"))), receivedAt);
        ProducerRecord<String, byte[]> record = MailRecordHeaders.toProducerRecord(topic, new MailRecord(envelope, "x".getBytes(StandardCharsets.US_ASCII)));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, partition, record.key(), record.value(), record.headers())).get(30, TimeUnit.SECONDS);
        }
    }

    private void produceInTransaction(int partition, Instant receivedAt) throws Exception {
        Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "backlog-test-" + System.nanoTime());
        Envelope envelope = Envelope.of("Q" + System.nanoTime(), SmtpPath.NULL,
                List.of(EnvelopeRecipient.of(MailAddress.parse("carol@example.test"))), receivedAt);
        ProducerRecord<String, byte[]> record = MailRecordHeaders.toProducerRecord(topic, new MailRecord(envelope, "y".getBytes(StandardCharsets.US_ASCII)));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, partition, record.key(), record.value(), record.headers()));
            producer.commitTransaction();
        }
    }

    private void commit(Map<TopicPartition, Long> offsets) {
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<TopicPartition, OffsetAndMetadata> commits = new java.util.HashMap<>();
            offsets.forEach((partition, offset) -> commits.put(partition, new OffsetAndMetadata(offset)));
            consumer.commitSync(commits, Duration.ofSeconds(30));
        }
    }
}

package edu.hamburger.mail.core.kafka;

import edu.hamburger.mail.core.record.MailRecordHeaders;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * How far a consumer group is behind on its mail topics, as Postfix's {@code qshape} tells it:
 * per topic, the records past the group's committed offsets ({@code mail_queue_depth}, counted from the
 * first waiting record, so transaction markers alone count as nothing) and the
 * age of the oldest of them, from its envelope's receipt time ({@code mail_queue_oldest_age_seconds},
 * 0 when nothing waits). Sampled every period by one background thread with its own client
 * outside the group, so delivery is never disturbed; a failed sample keeps the last values and
 * is logged once.
 */
public final class QueueBacklog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(QueueBacklog.class);

    /** One topic's state at the last sample. */
    public record TopicBacklog(long depth, double oldestAgeSeconds) {
    }

    private final String bootstrap;
    private final String group;
    private final List<String> topics;
    private final Clock clock;
    private final Map<String, TopicBacklog> sampled = new ConcurrentHashMap<>();
    private ScheduledExecutorService sampler;
    private Admin admin;
    private KafkaConsumer<byte[], byte[]> reader;
    private boolean failing;

    public QueueBacklog(String bootstrap, String group, List<String> topics, Clock clock) {
        this.bootstrap = bootstrap;
        this.group = group;
        this.topics = List.copyOf(topics);
        this.clock = clock;
        topics.forEach(topic -> sampled.put(topic, new TopicBacklog(0, 0)));
    }

    /** Registers the gauges and samples every {@code period} from now on. */
    public QueueBacklog start(MeterRegistry registry, Duration period) {
        for (String topic : topics) {
            Gauge.builder("mail.queue.depth", () -> sampled.get(topic).depth()).tag("topic", topic).tag("group", group)
                    .description("records past the consumer group's committed offsets").register(registry);
            Gauge.builder("mail.queue.oldest.age", () -> sampled.get(topic).oldestAgeSeconds()).baseUnit("seconds")
                    .tag("topic", topic).tag("group", group)
                    .description("age of the oldest waiting message, from its receipt").register(registry);
        }
        sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "queue-backlog-" + group);
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleWithFixedDelay(this::sampleQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public TopicBacklog backlog(String topic) {
        return sampled.get(topic);
    }

    private void sampleQuietly() {
        try {
            sample();
            if (failing) {
                LOG.infof("queue backlog of %s is measured again", group);
            }
            failing = false;
        } catch (Exception e) {
            if (!failing) {
                LOG.warnf("queue backlog of %s not measured (the last values stay): %s", group, e.toString());
            }
            failing = true;
        }
    }

    /** One sample: committed offsets, end offsets, and the first waiting record of each partition behind. */
    public synchronized void sample() throws Exception {
        open();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            reader.partitionsFor(topic, Duration.ofSeconds(10)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        Map<TopicPartition, Long> end = reader.endOffsets(partitions, Duration.ofSeconds(10));
        Map<TopicPartition, Long> start = reader.beginningOffsets(partitions, Duration.ofSeconds(10));
        Map<TopicPartition, Long> behind = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            long from = Math.max(offset == null ? start.get(partition) : offset.offset(), start.get(partition));
            if (end.get(partition) > from) {
                behind.put(partition, from);
            }
        }
        // offsets past the commit may hold only transaction markers: the first record read says what waits
        Map<String, Long> depth = new HashMap<>();
        Map<String, Instant> oldest = new HashMap<>();
        firstWaiting(behind, end).forEach((partition, record) -> {
            depth.merge(partition.topic(), end.get(partition) - record.offset(), Long::sum);
            oldest.merge(partition.topic(), receivedAt(record), (a, b) -> a.isBefore(b) ? a : b);
        });
        Instant now = clock.instant();
        for (String topic : topics) {
            Instant first = oldest.get(topic);
            double age = first == null ? 0 : Math.max(0, Duration.between(first, now).toMillis() / 1000.0);
            sampled.put(topic, new TopicBacklog(depth.getOrDefault(topic, 0L), age));
        }
    }

    /** The first waiting record of each partition that has one. */
    private Map<TopicPartition, ConsumerRecord<byte[], byte[]>> firstWaiting(Map<TopicPartition, Long> behind, Map<TopicPartition, Long> end) {
        Map<TopicPartition, ConsumerRecord<byte[], byte[]>> first = new HashMap<>();
        if (behind.isEmpty()) {
            reader.assign(List.of());
            return first;
        }
        reader.assign(behind.keySet());
        behind.forEach(reader::seek);
        Set<TopicPartition> pending = new HashSet<>(behind.keySet());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (pending.remove(partition)) {
                    first.put(partition, record);
                    reader.pause(List.of(partition)); // one record per partition is all a sample needs
                }
            }
            // a partition read to its end without a record had only transaction markers past the commit
            pending.removeIf(partition -> reader.position(partition) >= end.get(partition));
        }
        reader.resume(reader.paused());
        return first;
    }

    /** The envelope's receipt time; the record's own timestamp when the header is missing or unreadable. */
    static Instant receivedAt(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(MailRecordHeaders.RECEIVED_AT);
        if (header != null && header.value() != null) {
            try {
                return Instant.parse(new String(header.value(), StandardCharsets.UTF_8));
            } catch (DateTimeParseException e) {
                // fall through to the broker's time
            }
        }
        return Instant.ofEpochMilli(record.timestamp());
    }

    private void open() {
        if (admin != null) {
            return;
        }
        Properties adminSettings = KafkaClientSettings.current();
        adminSettings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        adminSettings.put(AdminClientConfig.CLIENT_ID_CONFIG, "queue-backlog-admin-" + group);
        admin = Admin.create(adminSettings);
        Properties settings = KafkaClientSettings.current();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");
        // the first record's headers are all a sample reads; a large message is fetched but not kept
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "queue-backlog-" + group);
        reader = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        // stop the sampler first, outside the lock a running sample holds: shutdown must not wait
        // out a sample's Kafka timeouts before it can even interrupt it
        if (sampler != null) {
            sampler.shutdownNow();
            try {
                sampler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeClients();
    }

    private synchronized void closeClients() {
        if (reader != null) {
            reader.close(Duration.ofSeconds(2));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}

package edu.hamburger.mail.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.record.MailRecordHeaders;
import edu.hamburger.mail.core.topic.MailTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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

/**
 * The tests' own Kafka client on the real broker: queues records as smtp-gateway would, and
 * watches mail.delivery.status (and any other topic) from the beginning in the background.
 */
public final class RelayKafka implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String bootstrap = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, List<JsonNode>> statuses = new ConcurrentHashMap<>();
    private final List<ConsumerRecord<String, byte[]>> watched = new CopyOnWriteArrayList<>();
    private final Thread watcher;
    private volatile boolean running = true;

    public RelayKafka(String... alsoWatch) {
        if (bootstrap == null) {
            throw new IllegalStateException("KAFKA_BOOTSTRAP_SERVERS is not set: run the tests with deploy/local/test");
        }
        Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MailTopics.MAX_MESSAGE_BYTES));
        producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
        List<String> topics = new ArrayList<>(List.of(MailTopics.DELIVERY_STATUS));
        topics.addAll(List.of(alsoWatch));
        watcher = new Thread(() -> watch(topics), "test-status-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    public void queue(String topic, MailRecord record) {
        try {
            producer.send(MailRecordHeaders.toProducerRecord(topic, record)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not queue a record on " + topic, e);
        }
    }

    /** Queues on one chosen partition (to show what happens per partition). */
    public void queue(String topic, int partition, MailRecord record) {
        var produced = MailRecordHeaders.toProducerRecord(topic, record);
        try {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, partition, produced.key(), produced.value(),
                    produced.headers())).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not queue a record on " + topic + "-" + partition, e);
        }
    }

    /** The delivery statuses seen so far for a queue id, in order. */
    public List<JsonNode> statuses(String queueId) {
        return List.copyOf(statuses.getOrDefault(queueId, List.of()));
    }

    /** Records of the extra topics seen so far. */
    public List<ConsumerRecord<String, byte[]>> watched() {
        return List.copyOf(watched);
    }

    private void watch(List<String> topics) {
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(MailTopics.MAX_MESSAGE_BYTES));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.topic().equals(MailTopics.DELIVERY_STATUS)) {
                        try {
                            statuses.computeIfAbsent(record.key(), k -> new CopyOnWriteArrayList<>()).add(JSON.readTree(record.value()));
                        } catch (java.io.IOException e) {
                            throw new IllegalStateException("unreadable delivery status", e);
                        }
                    } else {
                        watched.add(record);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        producer.close(Duration.ofSeconds(5));
    }
}

package edu.hamburger.mail.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.address.SmtpPath;
import edu.hamburger.mail.core.record.Envelope;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.record.MailRecordHeaders;
import edu.hamburger.mail.core.smtp.QueueId;
import edu.hamburger.mail.core.topic.MailTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Outbound throughput of whatever queue-relay instances consume the given broker: queues
 * {@code messages} records for {@code domain} on mail.outbound as fast as Kafka takes them, and
 * counts DELIVERED outcomes on mail.delivery.status until every one has arrived. Prints
 * messages/s and the queue-to-next-hop latency (received-at to the relay's outcome).
 *
 * <p>Usage (bench/relay-bench does all of it): {@code RelayBench BOOTSTRAP [messages=5000] [size=4096] [domain=sink.bench] [label]}
 */
public final class RelayBench {

    private RelayBench() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 4096;
        String domain = args.length > 3 ? args[3] : "sink.bench";
        String label = args.length > 4 ? args[4] : "relay";
        ObjectMapper json = new ObjectMapper();

        Properties consumerSettings = new Properties();
        consumerSettings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerSettings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> statuses = new KafkaConsumer<>(consumerSettings, new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            statuses.partitionsFor(MailTopics.DELIVERY_STATUS).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            statuses.assign(partitions);
            statuses.seekToEnd(partitions);
            partitions.forEach(statuses::position); // resolve "end" now, before anything is queued

            java.util.Map<String, Instant> queued = new java.util.concurrent.ConcurrentHashMap<>();
            byte[] body = body(size);
            Properties producerSettings = new Properties();
            producerSettings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
            producerSettings.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            long start = System.nanoTime();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerSettings, new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < messages; i++) {
                    String id = QueueId.next();
                    queued.put(id, Instant.now());
                    Envelope envelope = Envelope.of(id, SmtpPath.of(MailAddress.parse("bench@example.test")),
                            List.of(EnvelopeRecipient.of(MailAddress.parse("user" + (i % 50) + "@" + domain))), Instant.now());
                    byte[] message = ("From: bench@example.test\r\nTo: user@" + domain + "\r\nSubject: relay bench " + id
                            + "\r\nMessage-ID: <" + id + "@example.test>\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                    byte[] whole = new byte[message.length + body.length];
                    System.arraycopy(message, 0, whole, 0, message.length);
                    System.arraycopy(body, 0, whole, message.length, body.length);
                    producer.send(MailRecordHeaders.toProducerRecord(MailTopics.OUTBOUND, new MailRecord(envelope, whole)));
                }
            }
            double queueSeconds = (System.nanoTime() - start) / 1e9;
            // from here on the relays only drain a backlog, as Postfix does after `postqueue -f`
            Instant queuedAll = Instant.now();
            long busyAtQueued = busyJiffies();
            Instant lastDelivered = queuedAll;
            int drained = 0;

            List<Long> latencies = new ArrayList<>();
            int other = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (latencies.size() < messages && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : statuses.poll(Duration.ofMillis(200))) {
                    Instant queuedAt = queued.get(record.key());
                    if (queuedAt == null) {
                        continue;
                    }
                    JsonNode status = json.readTree(record.value());
                    if (!"DELIVERED".equals(status.get("outcome").asText())) {
                        other++; // deferred: its later outcome counts
                        continue;
                    }
                    queued.remove(record.key());
                    Instant at = Instant.parse(status.get("at").asText());
                    latencies.add(Duration.between(queuedAt, at).toMillis());
                    if (at.isAfter(queuedAll)) {
                        drained++;
                        lastDelivered = at.isAfter(lastDelivered) ? at : lastDelivered;
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long drainBusy = busyJiffies() - busyAtQueued;
            Collections.sort(latencies);
            System.out.printf("%s: %d of %d messages (~%d bytes) delivered in %.2f s = %.0f msg/s (queued in %.2f s; %d non-delivered outcomes)%n",
                    label, latencies.size(), messages, size + 100, seconds, latencies.size() / seconds, queueSeconds, other);
            double drainSeconds = Duration.between(queuedAll, lastDelivered).toMillis() / 1e3;
            if (drained > 0 && drainSeconds > 0 && drainBusy >= 0) {
                System.out.printf("%s: draining the backlog after the last record was queued: %d messages in %.2f s = %.0f msg/s;"
                        + " machine CPU per message %.2f ms (this counting client included)%n", label, drained, drainSeconds,
                        drained / drainSeconds, drainBusy * 1000.0 / CLOCK_TICKS / drained);
            }
            if (!latencies.isEmpty()) {
                System.out.printf("%s: queued-to-delivered latency p50 %d ms, p99 %d ms, max %d ms%n", label,
                        latencies.get(latencies.size() / 2), latencies.get((int) (latencies.size() * 0.99)), latencies.get(latencies.size() - 1));
            }
        }
    }

    /** USER_HZ: /proc/stat counts in these (100 on every Linux this runs on). */
    private static final int CLOCK_TICKS = 100;

    /** CPU time the whole machine has been busy (user, nice, system, irq, softirq, steal), -1 off Linux. */
    static long busyJiffies() {
        try {
            String[] cpu = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
            return Long.parseLong(cpu[1]) + Long.parseLong(cpu[2]) + Long.parseLong(cpu[3]) + Long.parseLong(cpu[6])
                    + Long.parseLong(cpu[7]) + Long.parseLong(cpu[8]);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    private static byte[] body(int size) {
        StringBuilder body = new StringBuilder(size + 80);
        while (body.length() < size) {
            body.append("The quick brown fox jumps over the lazy dog, again and again, for the benchmark.\r\n");
        }
        return body.toString().getBytes(StandardCharsets.US_ASCII);
    }
}

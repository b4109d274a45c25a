package edu.hamburger.mail.relay.queue;

import edu.hamburger.mail.core.api.admin.QueuedMessage;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.record.MailRecordHeaders;
import edu.hamburger.mail.core.record.MalformedMailRecordException;
import edu.hamburger.mail.core.topic.MailTopics;
import edu.hamburger.mail.core.kafka.KafkaClientSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Looks into the queue the way {@code mailq} does: every record of mail.outbound and the delay
 * topics past the relay group's committed offsets is waiting (or being delivered right now).
 * Reads with a throw-away consumer outside the group, so it never disturbs delivery. Bounded:
 * it scans at most {@link #MAX_SCANNED} records.
 */
@ApplicationScoped
public class QueueInspector {

    static final int MAX_SCANNED = 100_000;

    /** One queued record, as the admin API lists it. */
    /** A queued record with its content, for "retry now". */
    public record Found(QueuedMessage summary, MailRecord record) {
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    QueueControl control;

    public List<QueuedMessage> list(String domain, int limit) {
        List<QueuedMessage> listed = new ArrayList<>();
        scan(found -> {
            if (domain == null || found.summary().domain().equalsIgnoreCase(domain)) {
                listed.add(found.summary());
            }
            return listed.size() < limit;
        });
        return listed;
    }

    /** The queued records of one message (one per domain and attempt not yet done). */
    public List<Found> find(String queueId) {
        List<Found> found = new ArrayList<>();
        scan(f -> {
            if (f.summary().queueId().equals(queueId)) {
                found.add(f);
            }
            return true;
        });
        return found;
    }

    private void scan(Predicate<Found> visitor) {
        List<String> topics = new ArrayList<>();
        topics.add(MailTopics.OUTBOUND);
        MailTopics.RETRY_DELAYS.forEach(d -> topics.add(MailTopics.retryTopic(d)));
        Properties settings = KafkaClientSettings.current();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(MailTopics.MAX_MESSAGE_BYTES));
        Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets();
        Instant now = Instant.now();
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                kafka.partitionsFor(topic, Duration.ofSeconds(10)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            kafka.assign(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(kafka.endOffsets(partitions, Duration.ofSeconds(10)));
            Map<TopicPartition, Long> start = kafka.beginningOffsets(partitions, Duration.ofSeconds(10));
            Map<TopicPartition, java.util.NavigableSet<Long>> finishedAhead = new HashMap<>();
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = committed.get(partition);
                if (offset != null) {
                    finishedAhead.put(partition, FinishedOffsets.decode(offset.offset(), offset.metadata()));
                }
                long from = offset == null ? start.get(partition) : Math.max(offset.offset(), start.get(partition));
                kafka.seek(partition, from);
                if (from >= end.get(partition)) {
                    end.remove(partition);
                }
            }
            int scanned = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!end.isEmpty() && scanned < MAX_SCANNED && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(200))) {
                    scanned++;
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    Long last = end.get(partition);
                    if (last == null) {
                        continue;
                    }
                    if (record.offset() + 1 >= last) {
                        end.remove(partition);
                    }
                    if (finishedAhead.getOrDefault(partition, java.util.Collections.emptyNavigableSet()).contains(record.offset())) {
                        continue; // delivered already, beyond the committed offset
                    }
                    Found found = describe(record, now);
                    if (found != null && !visitor.test(found)) {
                        return;
                    }
                }
                end.keySet().removeIf(p -> kafka.position(p) >= end.get(p));
            }
        }
    }

    private Found describe(ConsumerRecord<String, byte[]> record, Instant now) {
        MailRecord mail;
        try {
            mail = MailRecordHeaders.fromConsumerRecord(record);
        } catch (MalformedMailRecordException e) {
            return null; // the consumer sends it to the dead-letter topic
        }
        var envelope = mail.envelope();
        if (control.skip(envelope, record.topic())) {
            return null;
        }
        String state = envelope.notBefore() != null && envelope.notBefore().isAfter(now) ? "deferred" : "active";
        List<String> recipients = envelope.recipients().stream().map(EnvelopeRecipient::address).map(Object::toString).toList();
        String domain = envelope.recipients().get(0).address().domainKey();
        return new Found(new QueuedMessage(envelope.queueId(), record.topic(), record.partition(), record.offset(), domain,
                recipients, envelope.reversePath().toString(), envelope.attempt(), envelope.receivedAt(), envelope.notBefore(),
                mail.message().length, state), mail);
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets() {
        Properties settings = KafkaClientSettings.current();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(settings)) {
            return admin.listConsumerGroupOffsets(OutboundConsumer.GROUP).partitionsToOffsetAndMetadata()
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not read the relay group's offsets: " + e.getMessage(), e);
        }
    }
}

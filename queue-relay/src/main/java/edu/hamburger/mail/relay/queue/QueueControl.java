package edu.hamburger.mail.relay.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import edu.hamburger.mail.core.record.Envelope;
import edu.hamburger.mail.core.topic.MailTopics;
import edu.hamburger.mail.core.kafka.KafkaClientSettings;
import edu.hamburger.mail.relay.delivery.OutcomePublisher;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Operators' decisions about queued messages, shared by every relay replica through the
 * compacted topic mail.outbound.control: PURGE drops a message wherever it is queued, RETRY
 * marks one delay-topic attempt as superseded by a copy sent to mail.outbound now. Each replica
 * reads the whole topic (no consumer group) into memory before it starts delivering.
 */
@ApplicationScoped
public class QueueControl {

    private static final Logger LOG = Logger.getLogger(QueueControl.class);

    /** One decision: PURGE, or RETRY of the given attempt. */
    public record Decision(String action, int attempt, Instant at) {
        public static final String PURGE = "PURGE";
        public static final String RETRY = "RETRY";
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    OutcomePublisher publisher;

    @Inject
    ObjectMapper json;

    private final Map<String, Decision> decisions = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean news;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;

    void start(@Observes @Priority(10) StartupEvent event) {
        Thread thread = new Thread(this::run, "outbound-control");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    /** Waits until every decision made so far is known; the outbound consumer starts after it. */
    public boolean awaitCaughtUp(Duration limit) throws InterruptedException {
        return caughtUp.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True if the record must not be delivered: purged, or an attempt an operator already retried. */
    public boolean skip(Envelope envelope, String topic) {
        Decision decision = decisions.get(envelope.queueId());
        if (decision == null) {
            return false;
        }
        if (decision.action().equals(Decision.PURGE)) {
            return true;
        }
        return decision.action().equals(Decision.RETRY) && decision.attempt() == envelope.attempt()
                && !topic.equals(MailTopics.OUTBOUND);
    }

    public String reason(String queueId) {
        Decision decision = decisions.get(queueId);
        if (decision == null) {
            return "none";
        }
        return decision.action().equals(Decision.PURGE) ? "purged" : "retried";
    }


    /** Something changed since the consumer last looked (it then re-reads waiting partitions). */
    boolean hasNews() {
        return news;
    }

    void newsSeen() {
        news = false;
    }

    /** Records a decision durably; it applies on every replica once they read it. */
    public Uni<Void> decide(String queueId, Decision decision, List<ProducerRecord<String, byte[]>> alongWith) {
        try {
            byte[] value = json.writeValueAsBytes(decision);
            List<ProducerRecord<String, byte[]>> writes = new java.util.ArrayList<>(alongWith);
            writes.add(0, new ProducerRecord<>(MailTopics.OUTBOUND_CONTROL, queueId, value));
            return publisher.send(writes).invoke(() -> remember(queueId, decision));
        } catch (IOException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private void remember(String queueId, Decision decision) {
        decisions.put(queueId, decision);
        news = true;
    }

    private void run() {
        Properties settings = KafkaClientSettings.current();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "queue-relay-control-" + ProcessHandle.current().pid());
        while (running) {
            try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer = kafka;
                List<TopicPartition> partitions = kafka.partitionsFor(MailTopics.OUTBOUND_CONTROL, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                kafka.assign(partitions);
                kafka.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = kafka.endOffsets(partitions, Duration.ofSeconds(30));
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                        read(record);
                    }
                    if (caughtUp.getCount() > 0 && end.entrySet().stream().allMatch(e -> kafka.position(e.getKey()) >= e.getValue())) {
                        LOG.infof("operator decisions loaded: %d", decisions.size());
                        caughtUp.countDown();
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("reading %s failed, retrying: %s", MailTopics.OUTBOUND_CONTROL, e.toString());
                sleep();
            }
        }
    }

    private void read(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) { // a tombstone: the decision is withdrawn
            decisions.remove(record.key());
            return;
        }
        try {
            remember(record.key(), json.readValue(record.value(), Decision.class));
        } catch (IOException e) {
            LOG.warnf("unreadable decision for %s ignored: %s", record.key(), e.getMessage());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

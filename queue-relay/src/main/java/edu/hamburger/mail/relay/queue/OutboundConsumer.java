package edu.hamburger.mail.relay.queue;

import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.record.MailRecordHeaders;
import edu.hamburger.mail.core.record.MalformedMailRecordException;
import edu.hamburger.mail.core.topic.MailTopics;
import edu.hamburger.mail.core.trace.MessageTrace;
import edu.hamburger.mail.core.kafka.KafkaClientSettings;
import edu.hamburger.mail.relay.RelayConfig;
import edu.hamburger.mail.relay.delivery.OutboundDelivery;
import edu.hamburger.mail.relay.delivery.OutcomePublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads mail.outbound and the delay topics in the consumer group "queue-relay", so replicas share
 * the partitions. Records are delivered in parallel (up to max-in-flight); an offset is committed
 * only when every record before it has a durable outcome. A record whose not-before time is
 * still ahead pauses its partition only, until that time (the other partitions keep flowing);
 * the consumer seeks back so the record is read again when the partition resumes.
 *
 * <p>One thread owns the Kafka consumer (it is not thread-safe); deliveries finish on event
 * loops and hand their offsets back through a queue.
 */
@ApplicationScoped
public class OutboundConsumer {

    private static final Logger LOG = Logger.getLogger(OutboundConsumer.class);
    static final String GROUP = "queue-relay";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    RelayConfig config;

    @Inject
    OutboundDelivery delivery;

    @Inject
    OutcomePublisher publisher;

    @Inject
    QueueControl control;

    @Inject
    MeterRegistry registry;

    Clock clock = Clock.systemUTC();

    private record Finished(TopicPartition partition, long offset) {
    }

    private final ConcurrentLinkedQueue<Finished> finished = new ConcurrentLinkedQueue<>();
    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private final Map<TopicPartition, Instant> waitingUntil = new HashMap<>();
    private final Set<TopicPartition> heldForBackpressure = new HashSet<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running;
    private volatile int inFlight;
    private volatile long unrecorded;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        if (!config.deliveryEnabled()) {
            stopped.countDown();
            return;
        }
        running = true;
        thread = new Thread(this::run, "outbound-consumer");
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        try {
            stopped.await(config.connections().drainTime().toSeconds() + 15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    private void run() {
        try {
            while (running && !control.awaitCaughtUp(Duration.ofSeconds(10))) {
                LOG.info("waiting for the operators' decisions (mail.outbound.control) before delivering");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped.countDown();
            return;
        }
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerSettings(), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = kafka;
            new KafkaClientMetrics(kafka).bindTo(registry); // records-lag-max and friends: the consumer lag metric
            // what a crash right now would deliver again: in flight, or finished but not yet in an acknowledged commit
            registry.gauge("mail.relay.deliveries.unrecorded", this, consumer -> consumer.unrecorded);
            List<String> topics = new ArrayList<>();
            topics.add(MailTopics.OUTBOUND);
            MailTopics.RETRY_DELAYS.forEach(d -> topics.add(MailTopics.retryTopic(d)));
            kafka.subscribe(topics, new Rebalance());
            while (running) {
                try {
                    loop(kafka);
                } catch (WakeupException e) {
                    // stop() woke us: the loop condition ends it
                }
            }
            drain(kafka, progress.keySet(), config.connections().drainTime());
        } catch (RuntimeException e) {
            LOG.error("the outbound consumer stopped", e);
        } finally {
            stopped.countDown();
        }
    }

    private void loop(KafkaConsumer<String, byte[]> kafka) {
        collectFinished();
        resumeDue(kafka);
        applyBackpressure(kafka);
        commit(kafka, false);
        unrecorded = progress.values().stream().mapToLong(PartitionProgress::unrecorded).sum();
        // while deliveries are in flight, turn often so a finished one is committed within milliseconds
        ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(inFlight > 0 ? 10 : 100));
        Set<TopicPartition> waitingInThisBatch = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (waitingInThisBatch.contains(partition) || !progress.containsKey(partition)) {
                continue; // the partition waits for an earlier record, or was revoked: read again later
            }
            if (!handle(kafka, partition, record)) {
                waitingInThisBatch.add(partition);
            }
        }
    }

    /** False if the record must wait: its partition is paused and rewound to it. */
    private boolean handle(KafkaConsumer<String, byte[]> kafka, TopicPartition partition, ConsumerRecord<String, byte[]> record) {
        PartitionProgress partitionProgress = progress.get(partition);
        if (partitionProgress.alreadyDone(record.offset())) {
            partitionProgress.handled(record.offset()); // an earlier owner finished it: never deliver it twice
            return true;
        }
        MailRecord mail;
        try {
            mail = MailRecordHeaders.fromConsumerRecord(record);
        } catch (MalformedMailRecordException e) {
            LOG.errorf("unreadable record %s@%d sent to the dead-letter topic: %s", partition, record.offset(), e.getMessage());
            deadLetter(record, e.getMessage());
            partitionProgress.handled(record.offset());
            return true;
        }
        if (control.skip(mail.envelope(), record.topic())) {
            MessageTrace.ofRecord(mail.envelope().queueId(), mail.envelope().traceparent()).inScope(() ->
                    LOG.infof("%s: skipped (%s by an operator)", mail.envelope().queueId(), control.reason(mail.envelope().queueId())));
            partitionProgress.handled(record.offset());
            return true;
        }
        Instant notBefore = mail.envelope().notBefore();
        if (notBefore != null && notBefore.isAfter(clock.instant())) {
            kafka.pause(List.of(partition));
            kafka.seek(partition, record.offset());
            waitingUntil.put(partition, notBefore);
            return false;
        }
        partitionProgress.started(record.offset());
        inFlight++;
        delivery.deliver(mail).whenComplete((v, e) -> {
            if (e != null) { // deliver() retries internally and should never fail; never commit past it if it does
                MessageTrace.ofRecord(mail.envelope().queueId(), mail.envelope().traceparent()).inScope(() ->
                        LOG.errorf(e, "%s: delivery failed unexpectedly; it will be retried after a restart", mail.envelope().queueId()));
                return;
            }
            finished.add(new Finished(partition, record.offset()));
        });
        return true;
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("mail-dlq-reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("mail-dlq-source", (record.topic() + "-" + record.partition() + "@" + record.offset()).getBytes(StandardCharsets.UTF_8));
        publisher.send(List.of(new ProducerRecord<>(MailTopics.OUTBOUND_DLQ, null, record.key(),
                        record.value() == null ? new byte[0] : record.value(), headers)))
                .await().atMost(Duration.ofSeconds(60));
    }

    private void collectFinished() {
        Finished done;
        while ((done = finished.poll()) != null) {
            inFlight--;
            PartitionProgress partitionProgress = progress.get(done.partition());
            if (partitionProgress != null) {
                partitionProgress.finished(done.offset());
            }
        }
    }

    private void resumeDue(KafkaConsumer<String, byte[]> kafka) {
        Instant now = clock.instant();
        List<TopicPartition> due = new ArrayList<>();
        waitingUntil.forEach((partition, until) -> {
            if (!until.isAfter(now) || control.hasNews()) {
                due.add(partition); // re-read the head record: its time came, or an operator may have retried it
            }
        });
        control.newsSeen();
        due.forEach(waitingUntil::remove);
        due.removeIf(heldForBackpressure::contains);
        if (!due.isEmpty()) {
            kafka.resume(due);
        }
    }

    private void applyBackpressure(KafkaConsumer<String, byte[]> kafka) {
        if (inFlight >= config.maxInFlight()) {
            List<TopicPartition> toHold = new ArrayList<>();
            for (TopicPartition partition : kafka.assignment()) {
                if (!waitingUntil.containsKey(partition) && heldForBackpressure.add(partition)) {
                    toHold.add(partition);
                }
            }
            kafka.pause(toHold);
        } else if (!heldForBackpressure.isEmpty() && inFlight < config.maxInFlight() / 2 + 1) {
            List<TopicPartition> release = heldForBackpressure.stream().filter(p -> !waitingUntil.containsKey(p)).toList();
            heldForBackpressure.clear();
            kafka.resume(release);
        }
    }

    private void commit(KafkaConsumer<String, byte[]> kafka, boolean sync) {
        Map<TopicPartition, PartitionProgress.Commit> commits = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        progress.forEach((partition, partitionProgress) -> partitionProgress.toCommit().ifPresent(commit -> {
            commits.put(partition, commit);
            offsets.put(partition, new OffsetAndMetadata(commit.offset(), commit.metadata()));
        }));
        if (offsets.isEmpty()) {
            return;
        }
        if (sync) {
            try {
                kafka.commitSync(offsets, Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                commits.forEach((partition, commit) -> progress.get(partition).commitFailed());
                throw e;
            }
            commits.forEach((partition, commit) -> progress.get(partition).committed(commit));
        } else {
            kafka.commitAsync(offsets, (committed, error) -> commits.forEach((partition, commit) -> {
                PartitionProgress partitionProgress = progress.get(partition);
                if (partitionProgress == null) {
                    return; // revoked meanwhile
                }
                if (error == null) {
                    partitionProgress.committed(commit);
                } else {
                    partitionProgress.commitFailed();
                    LOG.debugf("offset commit of %s failed, will try again: %s", partition, error.toString());
                }
            }));
        }
    }

    /** Waits (bounded) for the deliveries of these partitions to finish, then commits what is done. */
    private void drain(KafkaConsumer<String, byte[]> kafka, Collection<TopicPartition> partitions, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline && partitions.stream().map(progress::get)
                .anyMatch(p -> p != null && p.inFlight() > 0)) {
            collectFinished();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        collectFinished();
        try {
            commit(kafka, true);
        } catch (RuntimeException e) {
            LOG.warnf("final offset commit failed; those records will be delivered again: %s", e.toString());
        }
    }

    private Properties consumerSettings() {
        Properties settings = KafkaClientSettings.current();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
        settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(MailTopics.MAX_MESSAGE_BYTES));
        settings.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(MailTopics.MAX_MESSAGE_BYTES));
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "queue-relay-" + ProcessHandle.current().pid());
        long session = config.consumerSessionTimeout().toMillis();
        settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(session));
        settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(Math.max(500, session / 3)));
        return settings;
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // let this replica finish what it started, so the next owner does not deliver it again
            drain(consumer, partitions, config.connections().drainTime());
            forget(partitions);
            LOG.infof("partitions revoked: %s", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions); // another replica owns them already: nothing may be committed for them
            LOG.warnf("partitions lost: %s", partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            partitions.forEach(partition -> {
                progress.remove(partition);
                waitingUntil.remove(partition);
                heldForBackpressure.remove(partition);
            });
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions), Duration.ofSeconds(30));
            int skipped = 0;
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata last = committed.get(partition);
                PartitionProgress resumed = last == null ? new PartitionProgress()
                        : PartitionProgress.resumedFrom(last.offset(), last.metadata());
                skipped += resumed.finishedAhead();
                progress.put(partition, resumed);
            }
            LOG.infof("partitions assigned: %s (%d records after the committed offsets finished already)", partitions, skipped);
        }
    }
}

package edu.hamburger.mail.mailbox.client;

import edu.hamburger.mail.core.kafka.KafkaClientSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.hamburger.mail.core.event.MailboxChange;
import edu.hamburger.mail.core.topic.MailTopics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads {@code mailbox.changes} as a broadcast, the way every replica of a gateway that holds
 * sessions must (DESIGN.md): a consumer group of its own, starting at the end, no commits. Each
 * change goes to the listener on this tail's own thread; the listener only wakes whoever holds
 * a session of that account, so it must not block. A change is a hint to look again: one missed
 * while the broker was away costs latency, never correctness.
 */
public final class MailboxChangeTail {

    private static final Logger LOG = Logger.getLogger(MailboxChangeTail.class);

    private final Properties settings = KafkaClientSettings.current(); // TLS/SASL as the service's kafka.* say
    private final ObjectMapper json;
    private final Consumer<MailboxChange> listener;
    /** The kinds the listener is given, and their names as the kind header has them; null for all. */
    private final Set<MailboxChange.Kind> kinds;
    private final Set<String> kindNames;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;
    /** True while partitions are assigned and polling works: no change can have been missed since. */
    private volatile boolean reading;
    private volatile KafkaConsumer<String, byte[]> consumer;

    /** @param service names the consumer group ({@code <service>-<random>}) and the thread */
    public MailboxChangeTail(String bootstrapServers, String service, ObjectMapper json, Consumer<MailboxChange> listener) {
        this(bootstrapServers, service, json, listener, null, Duration.ZERO);
    }

    /**
     * A tail that gives the listener only these kinds (the others are skipped by their record
     * header, unparsed) and lets the broker gather changes for up to {@code gather} before it
     * answers a fetch: a reader that can wait that long (a credential cache voided "within a
     * second") then costs its service and the broker a few fetches a second, not one per change.
     */
    public MailboxChangeTail(String bootstrapServers, String service, ObjectMapper json, Consumer<MailboxChange> listener,
                             Set<MailboxChange.Kind> kinds, Duration gather) {
        this.json = json;
        this.listener = listener;
        this.kinds = kinds == null ? null : Set.copyOf(kinds);
        this.kindNames = kinds == null ? null : kinds.stream().map(Enum::name).collect(Collectors.toUnmodifiableSet());
        if (!gather.isZero()) {
            settings.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, Integer.toString(64 * 1024));
            settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Long.toString(gather.toMillis()));
        }
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, service + "-" + UUID.randomUUID());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, service + "-changes-" + ProcessHandle.current().pid());
    }

    public void start() {
        Thread thread = new Thread(this::run, "mailbox-changes");
        thread.setDaemon(true);
        thread.start();
    }

    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    /** True once the tail reads the topic (readiness: a session must not miss a change). */
    public boolean awaitAssigned(Duration limit) throws InterruptedException {
        return assigned.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * True while the tail reads without a gap: assigned, and no failure since. Whoever trusts a
     * cache because changes would reach it (the verified-credential cache) asks this first.
     */
    public boolean reading() {
        return reading && running;
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer = kafka;
                kafka.subscribe(List.of(MailTopics.MAILBOX_CHANGES), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        reading = false;
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        partitions.forEach(kafka::position); // fix "latest" now, before sessions rely on the feed
                        reading = true;
                        assigned.countDown();
                    }
                });
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                        dispatch(record);
                    }
                }
            } catch (WakeupException e) {
                reading = false;
                return;
            } catch (RuntimeException e) {
                reading = false;
                LOG.warnf("reading mailbox.changes failed, retrying: %s", e.toString());
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        if (kinds != null && !wanted(record)) {
            return;
        }
        MailboxChange change;
        try {
            change = json.readValue(record.value(), MailboxChange.class);
        } catch (IOException | RuntimeException e) {
            LOG.debugf("unreadable mailbox change ignored: %s", e.getMessage());
            return;
        }
        if (kinds != null && !kinds.contains(change.kind())) {
            return; // a record without the header (an older publisher) is sorted after parsing
        }
        try {
            listener.accept(change);
        } catch (RuntimeException e) {
            LOG.warnf("a listener failed on a change of account %d: %s", change.accountId(), e.toString());
        }
    }

    /** False when the record's kind header names a kind not wanted; true when wanted or unnamed. */
    private boolean wanted(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(MailboxChange.KIND_HEADER);
        return header == null || header.value() == null || kindNames.contains(new String(header.value(), StandardCharsets.US_ASCII));
    }
}

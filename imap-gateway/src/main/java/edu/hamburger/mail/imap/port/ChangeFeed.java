package edu.hamburger.mail.imap.port;

import com.fasterxml.jackson.databind.ObjectMapper;
import edu.hamburger.mail.core.event.MailboxChange;
import edu.hamburger.mail.core.topic.MailTopics;
import edu.hamburger.mail.imap.protocol.ImapSession;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Tells sessions that their account's mail changed, from {@code mailbox.changes}: every replica
 * reads the whole topic (a consumer group of its own, starting at the end) and wakes the sessions
 * of that account it holds. The session then asks the store what changed (IDLE pushes it at once).
 */
@ApplicationScoped
public class ChangeFeed {

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper json;

    private final Map<Long, Set<ImapSession>> sessions = new ConcurrentHashMap<>();
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;

    void start(@Observes StartupEvent event) {
        Thread thread = new Thread(this::run, "mailbox-changes");
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

    /** True once the feed reads the topic (readiness: a session must not miss a change). */
    public boolean awaitAssigned(Duration limit) throws InterruptedException {
        return assigned.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void register(long account, ImapSession session) {
        sessions.computeIfAbsent(account, a -> ConcurrentHashMap.newKeySet()).add(session);
    }

    public void unregister(long account, ImapSession session) {
        sessions.computeIfPresent(account, (a, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
    }


    private void run() {
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "imap-gateway-" + UUID.randomUUID());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "imap-gateway-changes-" + ProcessHandle.current().pid());
        while (running) {
            try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer = kafka;
                kafka.subscribe(List.of(MailTopics.MAILBOX_CHANGES), new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
                    }

                    @Override
                    public void onPartitionsAssigned(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
                        partitions.forEach(kafka::position); // fix "latest" now, before sessions rely on the feed
                        assigned.countDown();
                    }
                });
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                        dispatch(record);
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
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
        MailboxChange change;
        try {
            change = json.readValue(record.value(), MailboxChange.class);
        } catch (IOException | RuntimeException e) {
            LOG.debugf("unreadable mailbox change ignored: %s", e.getMessage());
            return;
        }
        LOG.debugf("change %s of account %d, %d ms after it was made", change.kind(), change.accountId(),
                java.time.Duration.between(change.at(), java.time.Instant.now()).toMillis());
        Set<ImapSession> affected = sessions.get(change.accountId());
        if (affected != null) {
            affected.forEach(ImapSession::changed);
        }
    }
}

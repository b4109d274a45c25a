package edu.hamburger.mail.smtp.port;

import edu.hamburger.mail.core.record.MailRecordHeaders;
import edu.hamburger.mail.core.topic.Acknowledged;
import edu.hamburger.mail.core.topic.MailTopics;
import edu.hamburger.mail.core.kafka.KafkaClientSettings;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The durable hand-off: a message is accepted once Kafka acknowledged every one of its records
 * with acks=all. A message with one record (the usual case) goes through an idempotent producer
 * that batches many sessions' messages together. A message with several records (local and
 * remote recipients, or several remote domains) goes in one Kafka transaction, so either all of
 * its records exist or none does: a 451 leaves nothing half-done behind, and the consumers read
 * with isolation.level=read_committed.
 */
@ApplicationScoped
public class KafkaMailQueue {

    private static final Logger LOG = Logger.getLogger(KafkaMailQueue.class);
    static final int TRANSACTIONAL_PRODUCERS = 2;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "mail.smtp.queue-timeout", defaultValue = "20s")
    Duration timeout;

    private KafkaProducer<String, byte[]> producer;
    private final BlockingQueue<KafkaProducer<String, byte[]>> transactional = new ArrayBlockingQueue<>(TRANSACTIONAL_PRODUCERS);
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    /**
     * The transactional.id index of each live transactional producer. A replaced producer's index
     * is reused by its successor: initTransactions() under the same id makes the broker abort what
     * the old one left open, instead of a stranger's id fencing a healthy producer and the open
     * transaction holding read_committed consumers back until it times out.
     */
    private final java.util.Map<KafkaProducer<String, byte[]>, Integer> transactionalIds = new java.util.IdentityHashMap<>();

    /** Completes once every record is acknowledged; fails (the caller answers 451) otherwise. */
    public Uni<Void> enqueue(List<ProducerRecord<String, byte[]>> records) {
        Uni<Void> work = records.size() == 1 ? sendOne(records.get(0)) : sendInTransaction(records);
        return work.ifNoItem().after(timeout).fail();
    }

    private Uni<Void> sendOne(ProducerRecord<String, byte[]> record) {
        return Uni.createFrom().deferred(() -> {
            // send() blocks while it waits for metadata (at most max.block.ms): keep it off the event loop
            return Uni.createFrom().completionStage(Acknowledged.send(producer(), record)).replaceWithVoid();
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * A record nobody waits for (a DMARC observation for the aggregate reports): sent with the
     * idempotent producer off the event loop; a failure is logged, never answered to a client.
     */
    public void sendQuietly(ProducerRecord<String, byte[]> record) {
        Acknowledged.sendQuietly(this::producer, record, Infrastructure.getDefaultWorkerPool(),
                e -> LOG.warnf("a record for %s was not written: %s", record.topic(), e.toString()));
    }

    private Uni<Void> sendInTransaction(List<ProducerRecord<String, byte[]>> records) {
        return Uni.createFrom().<Void>item(() -> {
            KafkaProducer<String, byte[]> tx = takeTransactional();
            boolean healthy = false;
            try {
                tx.beginTransaction();
                List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
                for (ProducerRecord<String, byte[]> record : records) {
                    sends.add(tx.send(record));
                }
                tx.commitTransaction(); // flushes and waits for every acknowledgement
                for (java.util.concurrent.Future<?> send : sends) {
                    send.get(0, TimeUnit.MILLISECONDS);
                }
                healthy = true;
                return null;
            } catch (Exception e) {
                try {
                    tx.abortTransaction();
                    healthy = true;
                } catch (RuntimeException abortFailed) {
                    LOG.warnf("aborting a Kafka transaction failed, replacing the producer: %s", abortFailed.toString());
                }
                throw new IllegalStateException("queueing in a Kafka transaction failed: " + e, e);
            } finally {
                giveBack(tx, healthy);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(settings(null), new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private KafkaProducer<String, byte[]> takeTransactional() {
        synchronized (this) {
            if (transactional.isEmpty() && transactionalIds.size() < TRANSACTIONAL_PRODUCERS) {
                int index = 0;
                while (transactionalIds.containsValue(index)) {
                    index++;
                }
                KafkaProducer<String, byte[]> created = new KafkaProducer<>(
                        settings("smtp-gateway-" + instance + "-" + index), new StringSerializer(), new ByteArraySerializer());
                try {
                    created.initTransactions();
                } catch (RuntimeException e) {
                    created.close(Duration.ZERO);
                    throw e;
                }
                transactionalIds.put(created, index);
                return created;
            }
        }
        KafkaProducer<String, byte[]> taken;
        try {
            taken = transactional.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a transactional producer", e);
        }
        if (taken == null) {
            throw new IllegalStateException("no transactional producer free within " + timeout);
        }
        return taken;
    }

    private void giveBack(KafkaProducer<String, byte[]> tx, boolean healthy) {
        if (healthy) {
            transactional.offer(tx);
            return;
        }
        tx.close(Duration.ZERO);
        synchronized (this) {
            transactionalIds.remove(tx); // a fresh one, same id, is made on the next multi-record message
        }
    }

    private Properties settings(String transactionalId) {
        Properties p = KafkaClientSettings.current(); // TLS/SASL as kafka.* say; ours below win
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MailTopics.MAX_MESSAGE_BYTES));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(256L * 1024 * 1024));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        // Kafka must give up on a record before we answer 451, or a message the client will
        // send again could still be written after the 451 (and then arrive twice).
        long requestTimeout = Math.max(1000, Math.min(8000, timeout.toMillis() / 3));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(requestTimeout));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(Math.max(requestTimeout + 10, timeout.toMillis() - 2000)));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "smtp-gateway-" + instance + (transactionalId == null ? "" : "-tx"));
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "60000");
        }
        return p;
    }

    /** Builds the Kafka record of a mail record. */
    public static ProducerRecord<String, byte[]> record(String topic, edu.hamburger.mail.core.record.MailRecord mail) {
        return MailRecordHeaders.toProducerRecord(topic, mail);
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        transactional.forEach(p -> p.close(Duration.ofSeconds(5)));
    }
}

package edu.hamburger.mail.relay.delivery;

import edu.hamburger.mail.core.topic.Acknowledged;
import edu.hamburger.mail.core.topic.MailTopics;
import edu.hamburger.mail.core.kafka.KafkaClientSettings;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The relay's writes to Kafka: retry records, bounces, delivery statuses and dead letters. One
 * idempotent producer with acks=all; {@link #send} completes once every record is acknowledged,
 * which is what lets the consumer commit the offset of the record that caused them.
 */
@ApplicationScoped
public class OutcomePublisher {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(OutcomePublisher.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private KafkaProducer<String, byte[]> producer;

    public Uni<Void> send(List<ProducerRecord<String, byte[]>> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> {
            List<CompletableFuture<?>> acks = new ArrayList<>(records.size());
            for (ProducerRecord<String, byte[]> record : records) {
                acks.add(Acknowledged.send(producer(), record));
            }
            return Uni.createFrom().completionStage(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
        }).replaceWithVoid()
                // send() blocks while the broker is unreachable (up to max.block.ms): never on an event loop
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * Writes a record nobody waits for (statistics such as TLS observations): off the event loop,
     * a failure only logged.
     */
    public void sendQuietly(ProducerRecord<String, byte[]> record) {
        Acknowledged.sendQuietly(this::producer, record, Infrastructure.getDefaultWorkerPool(),
                e -> LOG.warnf("a record for %s was not written: %s", record.topic(), e.toString()));
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties settings = KafkaClientSettings.current();
            settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            settings.put(ProducerConfig.ACKS_CONFIG, "all");
            settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            settings.put(ProducerConfig.LINGER_MS_CONFIG, "1");
            settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MailTopics.MAX_MESSAGE_BYTES));
            settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
            settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
            settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
            settings.put(ProducerConfig.CLIENT_ID_CONFIG, "queue-relay-outcomes");
            producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(10));
        }
    }
}

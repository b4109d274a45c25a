package edu.hamburger.mail.core.topic;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** A Kafka send as a future that completes when the broker acknowledged the record (or failed). */
public final class Acknowledged {

    private Acknowledged() {
    }

    /**
     * A record nobody waits for (statistics: DMARC and TLS observations): sent on {@code executor},
     * since making the producer and send() may block while the broker is away; a failure goes to
     * {@code failed}, never to a client.
     */
    public static <K, V> void sendQuietly(java.util.function.Supplier<? extends Producer<K, V>> producer, ProducerRecord<K, V> record,
                                          java.util.concurrent.Executor executor, java.util.function.Consumer<Exception> failed) {
        executor.execute(() -> {
            try {
                producer.get().send(record, (metadata, e) -> {
                    if (e != null) {
                        failed.accept(e);
                    }
                });
            } catch (RuntimeException e) {
                failed.accept(e);
            }
        });
    }

    public static <K, V> CompletableFuture<RecordMetadata> send(Producer<K, V> producer, ProducerRecord<K, V> record) {
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                acked.completeExceptionally(error);
            } else {
                acked.complete(metadata);
            }
        });
        return acked;
    }
}

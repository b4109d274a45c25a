package edu.hamburger.mail.mailbox.delivery;

import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.record.MailRecordHeaders;
import edu.hamburger.mail.core.record.MalformedMailRecordException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads {@code mail.inbound} and acknowledges a record only after its delivery committed (the
 * throttled commit strategy then commits the offset). A record that cannot be read goes to the
 * dead-letter topic; any other failure (PostgreSQL or Kafka unavailable) is retried with
 * back-off until it succeeds, holding the partition: nothing accepted is ever skipped.
 */
@ApplicationScoped
public class InboundConsumer {

    private static final Logger LOG = Logger.getLogger(InboundConsumer.class);

    @Inject
    InboundDelivery delivery;

    @Channel("dead-letters")
    MutinyEmitter<byte[]> deadLetters;

    @Incoming("mail-inbound")
    public Uni<Void> consume(Message<byte[]> message) {
        IncomingKafkaRecordMetadata<String, byte[]> metadata = message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(metadata.getTopic(), metadata.getPartition(),
                metadata.getOffset(), metadata.getKey(), message.getPayload());
        metadata.getHeaders().forEach(record.headers()::add);
        MailRecord mail;
        try {
            mail = MailRecordHeaders.fromConsumerRecord(record);
        } catch (MalformedMailRecordException e) {
            LOG.errorf("unreadable record %s-%d@%d sent to the dead-letter topic: %s",
                    metadata.getTopic(), metadata.getPartition(), metadata.getOffset(), e.getMessage());
            return toDeadLetters(metadata, message.getPayload(), e.getMessage())
                    .chain(() -> Uni.createFrom().completionStage(message.ack()));
        }
        return delivery.deliver(mail)
                .onFailure().invoke(e -> LOG.warnf("delivery of %s failed, will retry: %s", mail.envelope().queueId(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely()
                .chain(() -> Uni.createFrom().completionStage(message.ack()));
    }

    private Uni<Void> toDeadLetters(IncomingKafkaRecordMetadata<String, byte[]> metadata, byte[] payload, String reason) {
        RecordHeaders headers = new RecordHeaders(metadata.getHeaders().toArray());
        headers.add("mail-dlq-reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("mail-dlq-source", (metadata.getTopic() + "-" + metadata.getPartition() + "@" + metadata.getOffset())
                .getBytes(StandardCharsets.UTF_8));
        return deadLetters.sendMessage(Message.of(payload == null ? new byte[0] : payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(metadata.getKey()).withHeaders(headers).build()));
    }
}

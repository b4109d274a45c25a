package edu.hamburger.mail.mailbox.delivery;

import edu.hamburger.mail.core.event.DeliveryStatus;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Reports recipient outcomes on {@code mail.delivery.status}; the Uni completes once Kafka acknowledged. */
@ApplicationScoped
public class DeliveryStatusPublisher {

    @Channel("delivery-status")
    MutinyEmitter<DeliveryStatus> emitter;

    public Uni<Void> publish(DeliveryStatus status) {
        return emitter.sendMessage(Message.of(status).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(status.queueId()).build()));
    }
}

package edu.hamburger.mail.mailbox.store;

import edu.hamburger.mail.core.event.MailboxChange;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes {@link MailboxChange} events on {@code mailbox.changes}, keyed by account id, after
 * the change committed. A failed publish is logged, not raised: the change is already durable,
 * and readers resynchronise by modseq.
 */
@ApplicationScoped
public class ChangePublisher {

    private static final Logger LOG = Logger.getLogger(ChangePublisher.class);

    @Channel("mailbox-changes")
    MutinyEmitter<MailboxChange> emitter;

    public Uni<Void> publish(MailboxChange change) {
        if (change == null) {
            return Uni.createFrom().voidItem();
        }
        Message<MailboxChange> message = Message.of(change).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(Long.toString(change.accountId()))
                .withHeaders(new RecordHeaders().add(MailboxChange.KIND_HEADER, change.kind().name().getBytes(StandardCharsets.US_ASCII)))
                .build());
        return emitter.sendMessage(message)
                .onFailure().invoke(e -> LOG.warnf("could not publish %s for mailbox %d: %s", change.kind(), change.mailboxId(), e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}

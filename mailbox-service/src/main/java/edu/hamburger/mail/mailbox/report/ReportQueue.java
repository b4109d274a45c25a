package edu.hamburger.mail.mailbox.report;

import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.address.SmtpPath;
import edu.hamburger.mail.core.record.Envelope;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.core.record.MailRecordHeaders;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Puts a message mailbox-service writes itself (a DMARC or TLS report, a Sieve redirect, vacation
 * answer or rejection) on the outbound queue (mail.outbound) like any other message, so the relay signs,
 * delivers and retries it.
 */
@ApplicationScoped
public class ReportQueue {

    @Channel("report-mail")
    MutinyEmitter<byte[]> outbound;

    /** Completes once Kafka acknowledged the record. */
    public Uni<Void> send(String queueId, MailAddress sender, List<MailAddress> to, byte[] message) {
        return send(queueId, SmtpPath.of(sender), to, message);
    }

    /** The same with any reverse-path: Sieve's vacation answers and rejections go out with the null one. */
    public Uni<Void> send(String queueId, SmtpPath sender, List<MailAddress> to, byte[] message) {
        Envelope envelope = Envelope.of(queueId, sender, to.stream().map(EnvelopeRecipient::of).toList(), Instant.now());
        RecordHeaders headers = new RecordHeaders(MailRecordHeaders.toHeaders(envelope));
        return outbound.sendMessage(Message.of(message).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(queueId).withHeaders(headers).build()));
    }
}

package edu.hamburger.mail.relay.delivery;

import edu.hamburger.mail.core.address.SmtpPath;
import edu.hamburger.mail.core.api.RecipientLookup;
import edu.hamburger.mail.core.api.ResendClaim;
import edu.hamburger.mail.core.event.DeliveryStatus;
import edu.hamburger.mail.core.event.DeliveryStatus.Outcome;
import edu.hamburger.mail.core.message.MessageBytes;
import edu.hamburger.mail.core.record.BodyType;
import edu.hamburger.mail.core.record.Envelope;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.core.record.DsnNotify;
import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.record.MailRecordHeaders;
import edu.hamburger.mail.core.smtp.QueueId;
import edu.hamburger.mail.core.smtp.SmtpReply;
import edu.hamburger.mail.core.topic.MailTopics;
import edu.hamburger.mail.core.trace.MessageTrace;
import edu.hamburger.mail.mailbox.client.MailboxAccounts;
import edu.hamburger.mail.relay.RelayConfig;
import edu.hamburger.mail.relay.client.RecipientReply;
import edu.hamburger.mail.relay.client.SmtpDeliveryClient;
import edu.hamburger.mail.relay.client.TransferResult;
import edu.hamburger.mail.relay.signing.OutboundSigner;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Delivers one queued record and makes its outcome durable: delivered recipients are done,
 * deferred ones go back to a delay topic as one record (or bounce once the queue lifetime is
 * over), failed ones come back to the sender as one RFC 3464 bounce, and every recipient's
 * outcome is published on mail.delivery.status. The returned stage completes only when Kafka
 * has all of that; until then the consumer does not commit the record's offset.
 *
 * <p>Each attempt is a span of the message's trace (span "relay.deliver", a child of the span
 * that wrote the record), with one "smtp.send" span per destination; the records the attempt
 * writes (the next attempt, a bounce) carry the attempt's span as their parent.
 */
@ApplicationScoped
public class OutboundDelivery {

    private static final Logger LOG = Logger.getLogger(OutboundDelivery.class);
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("mail.attempt");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("mail.destination");
    static final AttributeKey<String> REMOTE_MTA = AttributeKey.stringKey("mail.remote_mta");

    @Inject
    SmtpDeliveryClient client;

    @Inject
    OutcomePublisher publisher;

    @Inject
    OutboundSigner signer;

    @Inject
    MailboxAccounts accounts;

    @Inject
    RelayMetrics metrics;

    @Inject
    RetryPolicy retryPolicy;

    @Inject
    RelayConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    Tracer tracer;

    @Inject
    @Named("heloName")
    String reportingMta;

    @ConfigProperty(name = "mail.domain")
    String domain;

    Clock clock = Clock.systemUTC();

    /**
     * Signs the message on its first attempt (DKIM, {@link OutboundSigner}), then delivers it;
     * unless, on that first attempt, mailbox-service says it is a client's re-send of a message
     * queued already (the same {@code ResendDigest}): then it is sent nowhere.
     */
    public CompletionStage<Void> deliver(MailRecord queued) {
        MessageTrace trace = MessageTrace.start(tracer, "relay.deliver", SpanKind.CONSUMER,
                queued.envelope().queueId(), queued.envelope().traceparent());
        trace.span().setAttribute(ATTEMPT, (long) queued.envelope().attempt() + 1);
        trace.span().setAttribute(MessageTrace.RECIPIENTS_ATTRIBUTE, (long) queued.envelope().recipients().size());
        MailRecord record = new MailRecord(queued.envelope().inTrace(trace.traceparent()), queued.message());
        ResendClaim claim = record.envelope().attempt() == 0 ? ResendClaim.of(record.envelope()) : null;
        Uni<String> original = claim == null ? Uni.createFrom().nullItem() : accounts.resendOriginal(claim);
        return original.subscribeAsCompletionStage().thenCompose(first -> first != null
                ? recordResend(record, first)
                : signer.sign(record).subscribeAsCompletionStage().thenCompose(this::deliverSigned))
                .whenComplete((done, failure) -> {
                    if (failure == null) {
                        trace.end();
                    } else {
                        trace.fail(failure);
                    }
                });
    }

    private CompletionStage<Void> recordResend(MailRecord record, String original) {
        logAbout(record.envelope(), () -> LOG.infof("%s: a re-send of %s (same Message-ID, sender, recipients and content), not sent again",
                record.envelope().queueId(), original));
        SmtpReply reply = SmtpReply.of(250, "2.0.0", "a re-send of " + original + ", sent once as " + original);
        List<RecipientOutcome> outcomes = record.envelope().recipients().stream()
                .map(r -> new RecipientOutcome(r, Outcome.DELIVERED, "2.0.0", reply, null, null)).toList();
        Instant now = clock.instant();
        return durably(record.envelope(), Uni.createFrom().item(outcomes.stream().map(o -> statusRecord(record.envelope(), o, now)).toList()))
                .subscribeAsCompletionStage();
    }

    private CompletionStage<Void> deliverSigned(MailRecord record) {
        Envelope envelope = record.envelope();
        Map<String, List<EnvelopeRecipient>> byDomain = new LinkedHashMap<>();
        for (EnvelopeRecipient recipient : envelope.recipients()) {
            byDomain.computeIfAbsent(recipient.address().domainKey(), d -> new ArrayList<>()).add(recipient);
        }
        List<CompletableFuture<TransferResult>> attempts = new ArrayList<>();
        byDomain.forEach((destination, recipients) -> attempts.add(send(destination, envelope.withRecipients(recipients), record.message())));
        return CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new))
                .thenCompose(v -> settle(record, attempts.stream().map(CompletableFuture::join).toList()));
    }

    /** One destination's SMTP transaction, a child span of the attempt. */
    private CompletableFuture<TransferResult> send(String destination, Envelope envelope, byte[] message) {
        MessageTrace trace = MessageTrace.start(tracer, "smtp.send", SpanKind.CLIENT, envelope.queueId(), envelope.traceparent());
        trace.span().setAttribute(DESTINATION, destination);
        trace.span().setAttribute(MessageTrace.RECIPIENTS_ATTRIBUTE, (long) envelope.recipients().size());
        return client.deliver(destination, envelope, message).toCompletableFuture().whenComplete((result, failure) -> {
            if (failure != null) {
                trace.fail(failure);
                return;
            }
            if (result.remoteMta() != null) {
                trace.span().setAttribute(REMOTE_MTA, result.remoteMta());
            }
            trace.end();
        });
    }

    /** Turns the attempt's replies into durable outcomes; retried until Kafka (and mailbox-service for bounces) answer. */
    CompletionStage<Void> settle(MailRecord record, List<TransferResult> results) {
        Instant now = clock.instant();
        Envelope envelope = record.envelope();
        boolean expired = retryPolicy.expired(envelope.receivedAt(), now);
        List<RecipientOutcome> outcomes = new ArrayList<>();
        for (TransferResult result : results) {
            for (RecipientReply reply : result.replies()) {
                outcomes.add(classify(reply, result.remoteMta(), expired));
            }
        }
        return durably(envelope, plan(record, outcomes, now))
                .invoke(() -> {
                    outcomes.forEach(o -> metrics.recipient(o.recipient().address().domainKey(), o.outcome(), envelope.receivedAt(), now));
                    logOutcomes(envelope, outcomes);
                })
                .subscribeAsCompletionStage();
    }

    /** Writes an attempt's records to Kafka, retried (0.5 s up to 30 s apart) until it is acknowledged. */
    private Uni<Void> durably(Envelope envelope, Uni<List<ProducerRecord<String, byte[]>>> writes) {
        return writes.chain(publisher::send)
                .onFailure().invoke(e -> logAbout(envelope, () -> LOG.warnf("recording the outcome of %s failed, will retry: %s", envelope.queueId(), e.toString())))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely();
    }

    private RecipientOutcome classify(RecipientReply reply, String remoteMta, boolean expired) {
        SmtpReply smtp = reply.reply();
        if (smtp.isPositive()) {
            return new RecipientOutcome(reply.recipient(), Outcome.DELIVERED, RecipientOutcome.statusOf(smtp), smtp, reply.inReplyTo(), remoteMta);
        }
        if (smtp.isTransientFailure()) {
            // after the queue lifetime a temporary failure is final: RFC 3463 X.4.7, delivery time expired
            return expired
                    ? new RecipientOutcome(reply.recipient(), Outcome.FAILED, "4.4.7", smtp, reply.inReplyTo(), remoteMta)
                    : new RecipientOutcome(reply.recipient(), Outcome.DEFERRED, RecipientOutcome.statusOf(smtp), smtp, reply.inReplyTo(), remoteMta);
        }
        return new RecipientOutcome(reply.recipient(), Outcome.FAILED, RecipientOutcome.statusOf(smtp), smtp, reply.inReplyTo(), remoteMta);
    }

    /** Everything to write for this attempt; a bounce first asks mailbox-service where the sender's mail goes. */
    private Uni<List<ProducerRecord<String, byte[]>>> plan(MailRecord record, List<RecipientOutcome> outcomes, Instant now) {
        Envelope envelope = record.envelope();
        List<ProducerRecord<String, byte[]>> writes = new ArrayList<>();
        List<EnvelopeRecipient> deferred = outcomes.stream().filter(o -> o.outcome() == Outcome.DEFERRED).map(RecipientOutcome::recipient).toList();
        if (!deferred.isEmpty()) {
            Instant notBefore = retryPolicy.nextAttempt(envelope.receivedAt(), envelope.attempt() + 1, now);
            Envelope retry = envelope.withRecipients(deferred).nextAttempt(notBefore);
            writes.add(MailRecordHeaders.toProducerRecord(RetryPolicy.retryTopic(Duration.between(now, notBefore)),
                    new MailRecord(retry, record.message())));
        }
        for (RecipientOutcome outcome : outcomes) {
            writes.add(statusRecord(envelope, outcome, now));
        }
        List<RecipientOutcome> toReport = outcomes.stream()
                .filter(o -> o.outcome() == Outcome.FAILED && wantsFailureNotice(o.recipient())).toList();
        if (toReport.isEmpty() || envelope.reversePath().isNull() || envelope.reversePath().mailbox() == null) {
            return Uni.createFrom().item(writes); // RFC 3461 §6.1: never bounce a bounce
        }
        String sender = envelope.reversePath().mailbox().toString();
        return accounts.recipient(sender).map(lookup -> {
            String topic = lookup.status() == RecipientLookup.Status.LOCAL ? MailTopics.INBOUND
                    : lookup.status() == RecipientLookup.Status.NOT_LOCAL_DOMAIN ? MailTopics.OUTBOUND : null;
            if (topic == null) {
                logAbout(envelope, () -> LOG.warnf("bounce for %s not sent: the sender %s is an unknown local address", envelope.queueId(), sender));
                metrics.bounceDropped();
            } else {
                writes.add(MailRecordHeaders.toProducerRecord(topic, bounce(record, toReport, now)));
            }
            return writes;
        });
    }

    private static boolean wantsFailureNotice(EnvelopeRecipient recipient) {
        return recipient.notifyOn().isEmpty() || recipient.notifyOn().contains(DsnNotify.FAILURE);
    }

    private MailRecord bounce(MailRecord record, List<RecipientOutcome> failed, Instant now) {
        Envelope original = record.envelope();
        byte[] message = BounceMessage.build(reportingMta, domain, original, record.message(), failed,
                config.bounce().fullMessageLimit(), now);
        boolean eightBit = MessageBytes.hasEightBit(message, 0, message.length);
        boolean utf8 = !original.reversePath().mailbox().isAscii()
                || MessageBytes.hasEightBit(record.message(), 0, MessageBytes.headerEnd(record.message()));
        Envelope envelope = new Envelope(QueueId.next(), SmtpPath.NULL,
                List.of(EnvelopeRecipient.of(original.reversePath().mailbox())), now, null, reportingMta, null,
                0, null, original.traceparent(), null, null, eightBit ? BodyType.EIGHT_BIT_MIME : null, utf8);
        return new MailRecord(envelope, message);
    }

    private ProducerRecord<String, byte[]> statusRecord(Envelope envelope, RecipientOutcome outcome, Instant now) {
        SmtpReply reply = outcome.reply();
        DeliveryStatus status = new DeliveryStatus(envelope.queueId(), outcome.recipient().address().toString(),
                envelope.reversePath().toString(), outcome.outcome(), reply.code(), outcome.status(),
                (outcome.remoteMta() == null ? "" : outcome.remoteMta() + " said: ") + reply,
                "queue-relay " + reportingMta, envelope.attempt() + 1, now);
        try {
            return new ProducerRecord<>(MailTopics.DELIVERY_STATUS, envelope.queueId(), json.writeValueAsBytes(status));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a DeliveryStatus always serialises", e);
        }
    }

    private void logOutcomes(Envelope envelope, List<RecipientOutcome> outcomes) {
        logAbout(envelope, () -> {
            for (RecipientOutcome o : outcomes) {
                LOG.infof("%s: to=<%s>, relay=%s, attempt=%d, status=%s (%s)", envelope.queueId(), o.recipient().address(),
                        o.remoteMta() == null ? "none" : o.remoteMta(), envelope.attempt() + 1,
                        o.outcome() == Outcome.DELIVERED ? "sent" : o.outcome() == Outcome.DEFERRED ? "deferred" : "bounced", o.reply());
            }
        });
    }

    /** Log lines about a message carry its queue id and the attempt's trace and span ids (the envelope's traceparent). */
    private static void logAbout(Envelope envelope, Runnable log) {
        MessageTrace.ofRecord(envelope.queueId(), envelope.traceparent()).inScope(log);
    }
}

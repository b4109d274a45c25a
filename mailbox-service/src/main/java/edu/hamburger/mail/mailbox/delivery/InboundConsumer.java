package edu.hamburger.mail.mailbox.delivery;

import edu.hamburger.mail.core.reactive.OneAtATime;
import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.record.MailRecordHeaders;
import edu.hamburger.mail.core.record.MalformedMailRecordException;
import edu.hamburger.mail.core.trace.MessageTrace;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads {@code mail.inbound} in batches (one poll's records) and acknowledges a batch only after
 * its deliveries committed and were reported (the throttled commit strategy then commits the
 * offsets). The batch is filed in chunks of at most {@value #CHUNK_RECORDS} records and
 * {@value #CHUNK_BYTES} octets, each in one transaction. A record that cannot be read goes to the
 * dead-letter topic; any other failure (PostgreSQL or Kafka unavailable) is retried with back-off
 * until it succeeds, holding the partitions: nothing accepted is ever skipped.
 *
 * <p>Each record's filing is a span of the message's trace (the envelope's traceparent, written
 * by smtp-gateway or by the relay for a bounce), lasting until its chunk is committed.
 */
@ApplicationScoped
public class InboundConsumer {

    private static final Logger LOG = Logger.getLogger(InboundConsumer.class);

    static final int CHUNK_RECORDS = 100;
    static final int CHUNK_BYTES = 8 * 1024 * 1024;
    /** A message this large is filed alone and one at a time in the process (see {@link #largeFilings}). */
    static final int LARGE_MESSAGE_BYTES = 1024 * 1024;

    /**
     * Filing a message costs a few copies of it on the heap (the Return-Path copy, the parse, the
     * database write), and every consumer of {@code mail.inbound} files at once: three 25 MB
     * messages filed together wanted more heap than the service has. Large ones take turns.
     */
    private final OneAtATime largeFilings = new OneAtATime();

    @Inject
    InboundBatchDelivery delivery;

    @Inject
    Tracer tracer;

    @Inject
    FilingMetrics metrics;

    @Channel("dead-letters")
    MutinyEmitter<byte[]> deadLetters;

    @Incoming("mail-inbound")
    @SuppressWarnings("unchecked")
    public Uni<Void> consume(Message<List<byte[]>> batch) {
        IncomingKafkaRecordBatchMetadata<String, byte[]> metadata = batch.getMetadata(IncomingKafkaRecordBatchMetadata.class).orElseThrow();
        List<MailRecord> readable = new ArrayList<>();
        Uni<Void> deadLettered = Uni.createFrom().voidItem();
        for (ConsumerRecord<String, byte[]> record : metadata.getRecords()) {
            try {
                readable.add(MailRecordHeaders.fromConsumerRecord(record));
            } catch (MalformedMailRecordException e) {
                LOG.errorf("unreadable record %s-%d@%d sent to the dead-letter topic: %s",
                        record.topic(), record.partition(), record.offset(), e.getMessage());
                deadLettered = deadLettered.chain(() -> toDeadLetters(record, e.getMessage()));
            }
        }
        return deadLettered
                .chain(() -> Multi.createFrom().iterable(chunks(readable))
                        .onItem().transformToUniAndConcatenate(this::file)
                        .collect().last())
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private Uni<Void> file(List<MailRecord> chunk) {
        boolean large = chunk.stream().anyMatch(record -> record.message().length >= LARGE_MESSAGE_BYTES);
        return large ? largeFilings.run(() -> fileNow(chunk)) : fileNow(chunk);
    }

    private Uni<Void> fileNow(List<MailRecord> chunk) {
        long started = System.nanoTime();
        List<MessageTrace> traces = chunk.stream().map(record -> MessageTrace.start(tracer, "mailbox.file", SpanKind.CONSUMER,
                record.envelope().queueId(), record.envelope().traceparent())).toList();
        return delivery.deliver(chunk)
                .onFailure().invoke(e -> {
                    traces.forEach(trace -> trace.span().addEvent("filing failed, retrying: " + e));
                    traces.get(0).inScope(() -> LOG.warnf("delivery of %d record(s) from %s failed, will retry: %s",
                            chunk.size(), chunk.get(0).envelope().queueId(), e.toString()));
                })
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely()
                .invoke(() -> {
                    metrics.filed(chunk, Duration.ofNanos(System.nanoTime() - started), Instant.now());
                    for (int i = 0; i < chunk.size(); i++) {
                        MailRecord record = chunk.get(i);
                        MessageTrace trace = traces.get(i);
                        trace.span().setAttribute(MessageTrace.RECIPIENTS_ATTRIBUTE, (long) record.envelope().recipients().size());
                        trace.inScope(() -> LOG.infof("%s: delivery to %d recipient(s) recorded, %d octets",
                                record.envelope().queueId(), record.envelope().recipients().size(), record.message().length));
                        trace.end();
                    }
                });
    }

    /** Consecutive runs of records, each bounded in count and octets; a large record is a run alone. */
    static List<List<MailRecord>> chunks(List<MailRecord> records) {
        List<List<MailRecord>> chunks = new ArrayList<>();
        List<MailRecord> current = new ArrayList<>();
        long bytes = 0;
        for (MailRecord record : records) {
            boolean large = record.message().length >= LARGE_MESSAGE_BYTES;
            if (!current.isEmpty() && (large || current.size() == CHUNK_RECORDS || bytes + record.message().length > CHUNK_BYTES)) {
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(record);
            bytes += record.message().length;
            if (large) { // alone, so that it takes its turn without holding small ones back
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    private Uni<Void> toDeadLetters(ConsumerRecord<String, byte[]> record, String reason) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("mail-dlq-reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("mail-dlq-source", (record.topic() + "-" + record.partition() + "@" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        return deadLetters.sendMessage(Message.of(record.value() == null ? new byte[0] : record.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(record.key()).withHeaders(headers).build()));
    }
}

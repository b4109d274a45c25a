package edu.hamburger.mail.mailbox;

import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.record.MailRecordHeaders;
import edu.hamburger.mail.core.topic.MailTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The mail topics as the tests use them on the real broker: a record into mail.inbound, what mail.outbound holds. */
public final class MailQueues {

    private MailQueues() {
    }

    /** Publishes a record to mail.inbound, acknowledged by every in-sync replica. */
    public static void publishInbound(String bootstrap, MailRecord record) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap, "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(MailRecordHeaders.toProducerRecord(MailTopics.INBOUND, record)).get();
        }
    }

    /** Every record mail.outbound holds now, from its beginning, read up to the end offsets taken at the start. */
    public static List<MailRecord> outbound(String bootstrap) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(MailTopics.OUTBOUND).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            List<MailRecord> found = new ArrayList<>();
            for (int polls = 0; polls < 40 && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)); polls++) {
                for (var record : consumer.poll(Duration.ofMillis(250))) {
                    found.add(MailRecordHeaders.fromConsumerRecord(record));
                }
            }
            return found;
        }
    }

    /** The records on mail.outbound addressed to that recipient. */
    public static List<MailRecord> outboundTo(String bootstrap, String recipient) {
        return outbound(bootstrap).stream().filter(mail -> mail.envelope().recipients().stream()
                .anyMatch(r -> r.address().toString().equals(recipient))).toList();
    }
}

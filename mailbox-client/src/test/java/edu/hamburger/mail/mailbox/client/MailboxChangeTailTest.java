package edu.hamburger.mail.mailbox.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import edu.hamburger.mail.core.event.MailboxChange;
import edu.hamburger.mail.core.topic.MailTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The broadcast tail against the real broker of deploy/local/test: a tail that wants one kind is
 * given that kind only, sorting by the record's kind header without parsing and by the parsed kind
 * when a record has no header, while a tail that wants all is given every change.
 */
class MailboxChangeTailTest {

    private final String bootstrap = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private final long account = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50); // no other test's

    @Test
    void aTailForCredentialChangesSkipsOtherKindsByTheirHeaderAndAnAllKindsTailGetsEverything() throws Exception {
        if (bootstrap == null) {
            throw new IllegalStateException("KAFKA_BOOTSTRAP_SERVERS is not set: run the tests with deploy/local/test");
        }
        List<MailboxChange> credentials = new CopyOnWriteArrayList<>();
        List<MailboxChange> everything = new CopyOnWriteArrayList<>();
        MailboxChangeTail credentialTail = new MailboxChangeTail(bootstrap, "tail-test", json,
                change -> keep(change, credentials), Set.of(MailboxChange.Kind.CREDENTIALS_CHANGED), Duration.ofMillis(250));
        MailboxChangeTail allTail = new MailboxChangeTail(bootstrap, "tail-test-all", json, change -> keep(change, everything));
        credentialTail.start();
        allTail.start();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            assertTrue(credentialTail.awaitAssigned(Duration.ofSeconds(60)) && allTail.awaitAssigned(Duration.ofSeconds(60)));
            MailboxChange added = new MailboxChange(account, 7, "INBOX", MailboxChange.Kind.MESSAGES_ADDED, List.of(1L), 2, 2, Instant.now());
            send(producer, added, "MESSAGES_ADDED");
            send(producer, added, null); // a publisher from before the header
            // the header decides: a record that says FLAGS_CHANGED is not parsed, whatever its body
            send(producer, MailboxChange.credentialsChanged(account), "FLAGS_CHANGED");
            send(producer, MailboxChange.credentialsChanged(account), "CREDENTIALS_CHANGED");
            send(producer, MailboxChange.credentialsChanged(account), null);
            producer.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> everything.size() == 5 && credentials.size() == 2);
            // and stays so for a second: no skipped change arrives late
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> everything.size() == 5 && credentials.size() == 2);
            assertEquals(2, credentials.size(), credentials.toString());
            assertTrue(credentials.stream().allMatch(c -> c.kind() == MailboxChange.Kind.CREDENTIALS_CHANGED), credentials.toString());
            assertEquals(5, everything.size(), everything.toString());
        } finally {
            credentialTail.stop();
            allTail.stop();
        }
    }

    private void keep(MailboxChange change, List<MailboxChange> into) {
        if (change.accountId() == account) {
            into.add(change);
        }
    }

    private void send(KafkaProducer<String, byte[]> producer, MailboxChange change, String kindHeader) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(MailTopics.MAILBOX_CHANGES, Long.toString(account), json.writeValueAsBytes(change));
        if (kindHeader != null) {
            record.headers().add(MailboxChange.KIND_HEADER, kindHeader.getBytes(StandardCharsets.US_ASCII));
        }
        producer.send(record).get();
    }
}

package edu.hamburger.mail.mailbox.delivery;

import static edu.hamburger.mail.mailbox.TestAccounts.api;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.address.SmtpPath;
import edu.hamburger.mail.core.record.Envelope;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.topic.MailTopics;
import edu.hamburger.mail.mailbox.TestAccounts;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Many records filed in one transaction against the real PostgreSQL and broker: every copy lands
 * once, UIDs follow the batch's order, one change event per mailbox, a redelivered batch and a
 * record twice in a batch file nothing twice, and one account over quota costs the others nothing.
 */
@QuarkusTest
class InboundBatchDeliveryTest {

    @Inject
    InboundBatchDelivery delivery;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static MailRecord record(List<String> recipients, String body) {
        String queueId = "Q" + UUID.randomUUID().toString().replace("-", "");
        byte[] message = ("From: alice@crepes.fr\r\nSubject: " + body + "\r\nMessage-ID: <" + queueId + "@crepes.fr>\r\n\r\n"
                + body + "\r\n").getBytes(StandardCharsets.UTF_8);
        return new MailRecord(Envelope.of(queueId, SmtpPath.of(MailAddress.parse("alice@crepes.fr")),
                recipients.stream().map(r -> EnvelopeRecipient.of(MailAddress.parse(r))).toList(), Instant.now()), message);
    }

    private static List<String> subjects(long account) {
        long inbox = TestAccounts.mailbox(account, "INBOX");
        List<Integer> uids = api().get("/api/v1/accounts/" + account + "/mailboxes/" + inbox + "/messages").then()
                .statusCode(200).extract().path("uid");
        List<String> subjects = new ArrayList<>();
        for (int uid : uids) {
            String text = api().get("/api/v1/accounts/" + account + "/mailboxes/" + inbox + "/messages/" + uid + "/content")
                    .then().statusCode(200).extract().asString();
            subjects.add(uid + ":" + text.substring(text.indexOf("Subject: ") + 9, text.indexOf("\r\n", text.indexOf("Subject: "))));
        }
        return subjects;
    }

    private KafkaConsumer<String, String> changesFromNow() {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(MailTopics.MAILBOX_CHANGES).forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    /** An account's MESSAGES_ADDED events: until {@code expected} came (10 s at most), and any in the next 500 ms. */
    private static List<String> messagesAdded(KafkaConsumer<String, String> changes, long account, int expected) {
        List<String> added = new ArrayList<>();
        Consumer<ConsumerRecord<String, String>> keep = r -> {
            if (r.key().equals(Long.toString(account)) && r.value().contains("MESSAGES_ADDED")) {
                added.add(r.value());
            }
        };
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && added.size() < expected) {
            changes.poll(Duration.ofMillis(200)).forEach(keep);
        }
        changes.poll(Duration.ofMillis(500)).forEach(keep);
        return added;
    }

    @Test
    void aBatchFilesEveryCopyInOrderWithOneChangeEventPerMailbox() {
        long bob = TestAccounts.create("bob", 1L << 30);
        long carol = TestAccounts.create("carol", 1L << 30);
        List<MailRecord> batch = List.of(
                record(List.of(TestAccounts.address(bob)), "one"),
                record(List.of(TestAccounts.address(bob), TestAccounts.address(carol)), "two"),
                record(List.of(TestAccounts.address(carol)), "three"),
                record(List.of(TestAccounts.address(bob), "nobody@" + TestAccounts.address(bob).split("@")[1]), "four"));
        try (var changes = changesFromNow()) {
            delivery.deliver(batch).await().atMost(Duration.ofSeconds(30));

            assertEquals(List.of("1:one", "2:two", "3:four"), subjects(bob));
            assertEquals(List.of("1:two", "2:three"), subjects(carol));

            List<String> bobsChanges = messagesAdded(changes, bob, 1);
            assertEquals(1, bobsChanges.size(), bobsChanges.toString());
            assertTrue(bobsChanges.get(0).contains("\"uids\":[1,2,3]"), bobsChanges.get(0));
        }
    }

    @Test
    void aRedeliveredBatchAndARecordTwiceInABatchFileOnce() {
        long bob = TestAccounts.create("bob", 1L << 30);
        MailRecord first = record(List.of(TestAccounts.address(bob)), "first");
        MailRecord second = record(List.of(TestAccounts.address(bob)), "second");
        delivery.deliver(List.of(first, second, first)).await().atMost(Duration.ofSeconds(30));
        assertEquals(List.of("1:first", "2:second"), subjects(bob));

        MailRecord third = record(List.of(TestAccounts.address(bob)), "third");
        delivery.deliver(List.of(first, second, third)).await().atMost(Duration.ofSeconds(30));
        assertEquals(List.of("1:first", "2:second", "3:third"), subjects(bob));
    }

    @Test
    void oneAccountOverQuotaInABatchCostsTheOthersNothing() {
        long bob = TestAccounts.create("bob", 1L << 30);
        long full = TestAccounts.create("full", 10);
        delivery.deliver(List.of(
                record(List.of(TestAccounts.address(full), TestAccounts.address(bob)), "for both"),
                record(List.of(TestAccounts.address(bob)), "for bob"),
                record(List.of(TestAccounts.address(full)), "for full again")))
                .await().atMost(Duration.ofSeconds(30));
        assertEquals(List.of("1:for both", "2:for bob"), subjects(bob));
        assertEquals(List.of(), subjects(full));
    }

    /**
     * A refusing account's records are filed alone; the runs between them stay batches, in order:
     * Bob's four copies arrive as two change events (one per run), not four.
     */
    @Test
    void theRecordsAroundAnOverQuotaAccountsAreStillFiledAsBatchesInOrder() {
        long bob = TestAccounts.create("bob", 1L << 30);
        long full = TestAccounts.create("full", 10);
        List<MailRecord> batch = List.of(
                record(List.of(TestAccounts.address(bob)), "a"),
                record(List.of(TestAccounts.address(bob)), "b"),
                record(List.of(TestAccounts.address(full), TestAccounts.address(bob)), "c"),
                record(List.of(TestAccounts.address(bob)), "d"),
                record(List.of(TestAccounts.address(bob)), "e"));
        try (var changes = changesFromNow()) {
            delivery.deliver(batch).await().atMost(Duration.ofSeconds(30));

            assertEquals(List.of("1:a", "2:b", "3:c", "4:d", "5:e"), subjects(bob));
            assertEquals(List.of(), subjects(full));
            List<String> bobsChanges = messagesAdded(changes, bob, 3);
            assertEquals(3, bobsChanges.size(), bobsChanges.toString());
            assertTrue(bobsChanges.get(0).contains("\"uids\":[1,2]"), bobsChanges.get(0));
            assertTrue(bobsChanges.get(1).contains("\"uids\":[3]"), bobsChanges.get(1));
            assertTrue(bobsChanges.get(2).contains("\"uids\":[4,5]"), bobsChanges.get(2));
        }
    }

    /**
     * The check for copies already filed runs once per batch, on a table that holds every copy ever
     * filed. It must probe the primary key even when the table was never analyzed (this machine's
     * PostgreSQL, like CI's, runs without autovacuum): the query by queue id alone scanned it whole.
     */
    @Test
    void theCheckForCopiesAlreadyFiledProbesTheIndexOnAnUnanalyzedTable() {
        long bob = TestAccounts.create("bob", 1L << 30);
        String prefix = "plan-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        String pairs = "array[" + String.join(",", java.util.stream.IntStream.range(0, 60)
                .mapToObj(i -> "'" + prefix + i + "'").toList()) + "]::text[], array_fill(" + bob + "::int8, array[60])";
        try {
            pool.query("insert into inbound_delivery (queue_id, account_id, outcome) select '" + prefix + "' || n, " + bob
                    + ", 'failed' from generate_series(1, 30000) n").execute().await().atMost(Duration.ofSeconds(30));
            String plan = pool.withConnection(conn -> conn.query("prepare decided_copies_plan as " + InboundBatchDelivery.DECIDED_COPIES)
                    .execute()
                    .chain(() -> conn.query("explain execute decided_copies_plan(" + pairs + ")").execute())
                    .call(() -> conn.query("deallocate decided_copies_plan").execute()))
                    .map(rows -> {
                        StringBuilder text = new StringBuilder();
                        rows.forEach(row -> text.append(row.getString(0)).append('\n'));
                        return text.toString();
                    })
                    .await().atMost(Duration.ofSeconds(30));
            assertTrue(plan.contains("inbound_delivery_pkey") && !plan.contains("Seq Scan on inbound_delivery"), plan);
        } finally {
            pool.query("delete from inbound_delivery where queue_id like '" + prefix + "%'").execute().await().atMost(Duration.ofSeconds(30));
        }
    }
}

package edu.hamburger.mail.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.address.SmtpPath;
import edu.hamburger.mail.core.record.Envelope;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.record.MailRecordHeaders;
import edu.hamburger.mail.core.smtp.QueueId;
import edu.hamburger.mail.core.topic.MailTopics;
import edu.hamburger.mail.imap.transport.ImapServer;
import edu.hamburger.mail.mailbox.client.MailboxLookups;
import edu.hamburger.mail.mailbox.client.MailboxServiceProcess;
import edu.hamburger.mail.mailbox.client.TestKeystore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.regex.Pattern;
import edu.hamburger.mail.line.testing.ListenerRules;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Sessions and push over real sockets, with the real mailbox-service and Kafka: two sessions see
 * each other's changes, IDLE reports a delivery within a second, and the transport's limits
 * (literal sizes, STARTTLS injection) hold.
 */
@QuarkusTest
@QuarkusTestResource(value = MailboxServiceProcess.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TestKeystore.class, restrictToAnnotatedClass = true)
class ImapSessionsTest {

    static final String PASSWORD = MailboxLookups.ACCOUNT_PASSWORD;

    @Inject
    edu.hamburger.mail.imap.ImapSettings settings;

    @Inject
    ImapServer server;

    private static String[] account(int messages) {
        String[] texts = new String[messages];
        for (int i = 1; i <= messages; i++) {
            texts[i - 1] = "Subject: message " + i + "\r\n\r\nbody " + i + "\r\n";
        }
        MailboxLookups.TestAccount account = MailboxLookups.freshAccount("sess", texts);
        return new String[] {account.address(), Long.toString(account.id())};
    }

    private ImapTestClient loggedIn(String user, String mailbox) throws Exception {
        ImapTestClient client = ImapTestClient.tls(server.port(true));
        client.line();
        List<String> login = client.command("l", "LOGIN " + user + " " + PASSWORD);
        assertTrue(login.get(login.size() - 1).startsWith("l OK"), login.toString());
        List<String> select = client.command("s", "SELECT " + mailbox);
        assertTrue(select.get(select.size() - 1).startsWith("s OK"), select.toString());
        return client;
    }

    @Test
    void twoSessionsSeeEachOthersFlagChangesAndExpunges() throws Exception {
        String[] account = account(3);
        try (ImapTestClient a = loggedIn(account[0], "INBOX"); ImapTestClient b = loggedIn(account[0], "INBOX")) {
            a.command("a1", "STORE 2 +FLAGS (\\Flagged)");
            List<String> seen = pollUntil(b, "* 2 FETCH (UID 2 FLAGS (\\Flagged))");
            assertTrue(seen.contains("* 2 FETCH (UID 2 FLAGS (\\Flagged))"), seen.toString());

            a.command("a2", "STORE 1 +FLAGS.SILENT (\\Deleted)");
            List<String> expunge = a.command("a3", "EXPUNGE");
            assertEquals("* 1 EXPUNGE", expunge.get(0));
            List<String> gone = pollUntil(b, "* 1 EXPUNGE");
            assertTrue(gone.contains("* 1 EXPUNGE"), gone.toString());
            List<String> fetch = b.command("b9", "FETCH 1:* (UID)");
            assertEquals(List.of("* 1 FETCH (UID 2)", "* 2 FETCH (UID 3)"), fetch.subList(0, 2), "b's numbering follows the expunge");
        }
    }

    /**
     * Issue 20's check: a message committed by another connection, or by another replica (here:
     * mailbox-service's API directly, which no session of this gateway hears of but through the
     * change feed), is seen by a NOOP sent at once, every time; the same for the start of IDLE.
     */
    @Test
    void aNoopOrIdleRightAfterAnotherSessionsOrReplicasAppendAlwaysSeesIt() throws Exception {
        String[] account = account(0);
        long accountId = Long.parseLong(account[1]);
        try (ImapTestClient a = loggedIn(account[0], "INBOX"); ImapTestClient b = loggedIn(account[0], "INBOX")) {
            for (int i = 1; i <= 220; i++) {
                byte[] message = ("Subject: append " + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
                if (i % 2 == 0) {
                    MailboxLookups.appendToInbox(accountId, message); // another replica: committed, answered, feed not awaited
                } else {
                    a.sendRaw(("a" + i + " APPEND INBOX {" + message.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
                    a.sendRaw(message);
                    a.sendRaw("\r\n".getBytes(StandardCharsets.US_ASCII));
                    assertTrue(last(a.until("a" + i)).startsWith("a" + i + " OK"));
                }
                if (i <= 200) {
                    List<String> noop = b.command("n" + i, "NOOP");
                    assertTrue(noop.contains("* " + i + " EXISTS"), "NOOP " + i + " right after the APPEND: " + noop);
                } else {
                    b.send("i" + i + " IDLE");
                    assertEquals("+ idling", b.line());
                    assertEquals("* " + i + " EXISTS", b.line(), "IDLE " + i + " begins with the new message");
                    b.send("DONE");
                    assertTrue(last(b.until("i" + i)).startsWith("i" + i + " OK"));
                }
            }
        }
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    /** NOOP until the line shows up (the change travels through mailbox.changes); the NOOP that brought it. */
    private static List<String> pollUntil(ImapTestClient client, String expected) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<List<String>> last = new java.util.concurrent.atomic.AtomicReference<>(List.of());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> {
                    last.set(client.command("p" + n.incrementAndGet(), "NOOP"));
                    return last.get().contains(expected);
                });
        return last.get();
    }

    @Test
    void idleReportsADeliveryWithinOneSecond() throws Exception {
        String[] account = account(1);
        try (KafkaProducer<String, byte[]> kafka = producer(); ImapTestClient client = loggedIn(account[0], "INBOX")) {
            client.send("i1 IDLE");
            assertEquals("+ idling", client.line());
            // warm-up: one record on every mail.inbound partition starts mailbox-service's per-partition state
            int exists = 1;
            for (int partition = 0; partition < kafka.partitionsFor(MailTopics.INBOUND).size(); partition++) {
                deliver(kafka, account[0], "warm-up " + partition, partition);
                assertEquals("* " + ++exists + " EXISTS", client.line(), "every delivery is pushed");
                // the idling session has INBOX selected read-write: every new message is \Recent to it
                assertEquals("* " + exists + " RECENT", client.line());
            }
            long slowest = 0;
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                deliver(kafka, account[0], "timed " + i, null);
                client.timeout(5000);
                String pushed = client.line();
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertEquals("* " + ++exists + " EXISTS", pushed);
                assertEquals("* " + exists + " RECENT", client.line());
                slowest = Math.max(slowest, millis);
                System.out.printf("IDLE: delivery on mail.inbound to EXISTS on the socket in %d ms%n", millis);
            }
            assertTrue(slowest < 1000, "pushed within a second, the slowest took " + slowest + " ms");
            client.send("DONE");
            assertEquals("i1 OK IDLE terminated", client.line());
            List<String> fetch = client.command("f", "FETCH " + exists + " BODY.PEEK[HEADER.FIELDS (SUBJECT)]");
            assertTrue(fetch.get(0).contains("Subject: timed 2"), fetch.toString());
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv("KAFKA_BOOTSTRAP_SERVERS"));
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    }

    private static void deliver(KafkaProducer<String, byte[]> kafka, String to, String subject, Integer partition) throws Exception {
        Envelope envelope = Envelope.of(QueueId.next(), SmtpPath.of(MailAddress.parse("alice@crepes.fr")),
                List.of(EnvelopeRecipient.of(MailAddress.parse(to))), Instant.now());
        byte[] message = ("From: alice@crepes.fr\r\nTo: " + to + "\r\nSubject: " + subject + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.UTF_8);
        var record = MailRecordHeaders.toProducerRecord(MailTopics.INBOUND, new MailRecord(envelope, message));
        kafka.send(new org.apache.kafka.clients.producer.ProducerRecord<>(record.topic(), partition, record.key(), record.value(),
                record.headers())).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aHugeLiteralBeforeLoginCostsNothing() throws Exception {
        var heap = java.lang.management.ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = heap.getHeapMemoryUsage().getUsed();
        try (ImapTestClient client = ImapTestClient.plain(server.port(false))) {
            client.line();
            client.send("a1 LOGIN {400000000}");
            assertEquals("a1 NO [TOOBIG] literal of 400000000 octets is over the limit of 4096", client.line());
            client.send("a2 NOOP");
            assertEquals("a2 OK NOOP completed", client.line(), "the session goes on");
            client.send("a3 LOGIN {400000000+}");
            assertTrue(client.line().startsWith("* BYE [TOOBIG]"));
            assertTrue(client.closedByServer());
        }
        try (ImapTestClient client = ImapTestClient.plain(server.port(false))) {
            client.line();
            client.sendRaw(("a1 NOOP " + "x".repeat(70_000) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals("a1 BAD line too long", client.line());
            client.send("a2 NOOP");
            assertEquals("a2 OK NOOP completed", client.line());
        }
        long after = heap.getHeapMemoryUsage().getUsed(); // no GC in between: a 400 MB buffer would still count
        assertTrue(after - before < 100_000_000L, "nothing near 400 MB was allocated: heap grew by " + (after - before));
    }

    /** RFC 2971 lets a client send 30 fields with values of 1024 octets: a 32 KiB line (imaptest's "id" group). */
    @Test
    void anIdOfThirtyLongFieldsIsAnswered() throws Exception {
        StringBuilder id = new StringBuilder("a1 ID (");
        for (int i = 0; i < 30; i++) {
            id.append(i == 0 ? "" : " ").append('"').append(String.format("field%025d", i)).append("\" \"")
                    .append("v".repeat(1024)).append('"');
        }
        id.append(")");
        try (ImapTestClient client = ImapTestClient.plain(server.port(false))) {
            client.line();
            client.send(id.toString());
            assertTrue(client.line().startsWith("* ID ("));
            assertTrue(client.line().startsWith("a1 OK"));
        }
    }

    @Test
    void commandsPipelinedBeforeStarttlsAreDropped() throws Exception {
        String[] account = account(0);
        try (ImapTestClient client = ImapTestClient.plain(server.port(false))) {
            client.line();
            // a man in the middle appends a command to the client's STARTTLS
            client.sendRaw(("a1 STARTTLS\r\na2 LOGIN " + account[0] + " " + PASSWORD + "\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals("a1 OK Begin TLS negotiation now", client.line());
            client.startTls();
            client.timeout(1500);
            try {
                String unexpected = client.line();
                assertFalse(unexpected != null && unexpected.startsWith("a2"), "the injected command ran: " + unexpected);
            } catch (SocketTimeoutException expected) {
                // nothing came: the injected LOGIN was discarded
            }
            client.timeout(30_000);
            List<String> capability = client.command("a3", "CAPABILITY");
            assertTrue(capability.get(0).contains("AUTH=PLAIN") && !capability.get(0).contains("STARTTLS"), capability.toString());
        }
    }

    @Test
    void compressDeflateCarriesTheSessionBothWaysOverTls() throws Exception {
        String[] account = account(3);
        try (ImapTestClient client = loggedIn(account[0], "INBOX")) {
            assertTrue(client.command("c0", "CAPABILITY").get(0).contains(" COMPRESS=DEFLATE"));
            assertEquals("c1 OK DEFLATE active", client.compress("c1 COMPRESS DEFLATE", "c2 NOOP"));
            assertEquals("c2 OK NOOP completed", client.line(), "a command pipelined behind COMPRESS is read inflated");
            List<String> fetch = client.command("c3", "FETCH 1:3 (BODY.PEEK[TEXT])");
            assertEquals(4, fetch.size(), fetch.toString());
            assertTrue(fetch.get(1).endsWith("body 2\r\n)"), fetch.get(1));
            assertTrue(client.command("c4", "COMPRESS DEFLATE").get(0).startsWith("c4 NO [COMPRESSIONACTIVE]"));
            // a message much larger than one read or one deflate block, both ways
            StringBuilder text = new StringBuilder("Subject: big\r\n\r\n");
            java.util.Random random = new java.util.Random(7);
            while (text.length() < 300_000) {
                text.append(Long.toString(random.nextLong(), 36)).append(text.length() % 70 < 12 ? "\r\n" : " ");
            }
            text.append("\r\n");
            byte[] message = text.toString().getBytes(StandardCharsets.US_ASCII);
            client.sendRaw(("c5 APPEND INBOX {" + message.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
            client.sendRaw(message).sendRaw("\r\n".getBytes(StandardCharsets.US_ASCII));
            List<String> appended = client.until("c5");
            assertTrue(appended.get(appended.size() - 1).startsWith("c5 OK [APPENDUID"), appended.toString());
            List<String> back = client.command("c6", "FETCH 4 (BODY.PEEK[])");
            assertEquals("* 4 FETCH (BODY[] {" + message.length + "}\r\n" + text + ")", back.get(0));
            client.send("c7 LOGOUT");
            assertTrue(client.line().startsWith("* BYE"));
            assertEquals("c7 OK LOGOUT completed", client.line());
        }
    }

    @Test
    void whatIsNotDeflateDataAfterCompressEndsTheConnection() throws Exception {
        String[] account = account(0);
        try (ImapTestClient client = loggedIn(account[0], "INBOX")) {
            client.send("c1 COMPRESS DEFLATE");
            assertEquals("c1 OK DEFLATE active", client.line());
            byte[] garbage = new byte[64];
            java.util.Arrays.fill(garbage, (byte) 0xff); // a deflate block of the reserved type 3
            client.sendRaw(garbage);
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void failedLoginsAreDelayedAndEndTheConnection() throws Exception {
        String[] account = account(0);
        try (ImapTestClient client = ImapTestClient.tls(server.port(true))) {
            client.line();
            long start = System.nanoTime();
            assertTrue(client.command("a1", "LOGIN " + account[0] + " nope").get(0).startsWith("a1 NO [AUTHENTICATIONFAILED]"));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(150), "the answer is delayed");
            client.command("a2", "LOGIN " + account[0] + " nope");
            List<String> third = client.command("a3", "LOGIN " + account[0] + " nope");
            assertTrue(third.get(0).startsWith("a3 NO"), third.toString());
            assertTrue(client.line().startsWith("* BYE"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void oneAccountNeverSeesAnothersMailboxes() throws Exception {
        String[] alice = account(1);
        String[] mallory = account(0);
        try (ImapTestClient client = loggedIn(mallory[0], "INBOX")) {
            List<String> status = client.command("a1", "FETCH 1 FLAGS");
            assertTrue(status.get(0).startsWith("a1 BAD"), "mallory's INBOX is empty: " + status);
            List<String> list = client.command("a2", "LIST \"\" \"*\"");
            assertEquals(7, list.size(), "INBOX, five special-use folders and the tagged line: " + list);
            assertTrue(list.stream().noneMatch(l -> l.contains(alice[0])));
        }
    }

    /** The rules every listener shares (the same check runs against SMTP and POP3). */
    @Test
    void connectionCapAndLineCharsetRules() throws Exception {
        new ListenerRules(Pattern.compile("\\* OK .*"), Pattern.compile("\\* BYE \\[UNAVAILABLE\\] too many connections from your address.*"),
                Pattern.compile("NOOP BAD command line is not valid UTF-8 text"), "p1 CAPABILITY", Pattern.compile("p1 OK .*"))
                .check(server.port(false), settings.maxConnectionsPerClient());
    }
}

package edu.hamburger.mail.bench;

import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.address.SmtpPath;
import edu.hamburger.mail.core.record.Envelope;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.core.record.ResendDigest;
import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.record.MailRecordHeaders;
import edu.hamburger.mail.core.topic.MailTopics;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * mailbox-service benchmarks against the running local stack:
 * <ol>
 *   <li>listing uid, flags and size of a 100,000-message mailbox through the API (the mailbox is
 *       filled with SQL, which is setup, not what is measured);</li>
 *   <li>inbound filing: records published to mail.inbound until all are in the recipients'
 *       INBOXes, in messages per second.</li>
 * </ol>
 * Usage: {@code bench/run mailbox [messages-in-big-mailbox] [inbound-messages] [inbound-accounts]}
 */
public final class MailboxBench {

    private MailboxBench() {
    }

    public static void main(String[] args) throws Exception {
        int bigMailbox = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int inbound = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int accounts = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        LocalStack stack = new LocalStack();
        String domain = stack.domain();
        System.out.printf("machine: %d cores, %s; stack at %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), stack.api);
        listing(stack, domain, bigMailbox);
        inbound(stack, domain, inbound, accounts);
    }

    /** Fills a mailbox with {@code count} entries of one small stored message, by SQL (setup, not measured). */
    static void fill(LocalStack stack, long inbox, int count) throws Exception {
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl, "mail", System.getenv().getOrDefault("MAIL_DB_PASSWORD", "mail"))) {
            db.setAutoCommit(false);
            long messageId;
            try (PreparedStatement insert = db.prepareStatement("""
                    insert into message (sha256, size, header_size, raw, envelope, body_structure, header_text, body_text)
                    values (?, 60, 20, ?, '{}'::jsonb, '{}'::jsonb, '', '') returning id""")) {
                insert.setBytes(1, UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
                insert.setBytes(2, "Subject: benchmark\r\n\r\n0123456789012345678901234567890123456\r\n".getBytes(StandardCharsets.US_ASCII));
                var rs = insert.executeQuery();
                rs.next();
                messageId = rs.getLong(1);
            }
            try (PreparedStatement fill = db.prepareStatement("""
                    insert into mailbox_entry (mailbox_id, uid, message_id, system_flags, keywords, modseq, internal_date, size)
                    select ?, g, ?, (g % 3)::smallint, case when g % 10 = 0 then '{$Important}'::text[] else '{}' end, g + 1, now(), 60
                      from generate_series(1, ?) g""")) {
                fill.setLong(1, inbox);
                fill.setLong(2, messageId);
                fill.setInt(3, count);
                fill.executeUpdate();
            }
            try (PreparedStatement bump = db.prepareStatement("update mailbox set uid_next = ? + 1, highest_modseq = ? + 1 where id = ?")) {
                bump.setLong(1, count);
                bump.setLong(2, count);
                bump.setLong(3, inbox);
                bump.executeUpdate();
            }
            db.commit();
            try (var analyze = db.createStatement()) {
                db.setAutoCommit(true);
                analyze.execute("analyze mailbox_entry");
            }
        }
    }

    static void listing(LocalStack stack, String domain, int count) throws Exception {
        long account = stack.newAccount(domain, "bench-list-" + UUID.randomUUID().toString().substring(0, 6));
        long inbox = stack.mailbox(account, "INBOX");
        long setup = System.nanoTime();
        fill(stack, inbox, count);
        System.out.printf("listing: filled a mailbox with %,d messages in %.1f s (SQL setup)%n", count, (System.nanoTime() - setup) / 1e9);
        String url = stack.api + "/api/v1/accounts/" + account + "/mailboxes/" + inbox + "/messages?uids=1:*";
        double[] seconds = new double[7];
        long bytes = 0;
        for (int i = 0; i < seconds.length; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = stack.http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + stack.serviceToken).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            seconds[i] = (System.nanoTime() - start) / 1e9;
            bytes = response.body().length;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("listing answered " + response.statusCode());
            }
        }
        int listed = LocalStack.JSON.readTree(stack.http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + stack.serviceToken).GET().build(), HttpResponse.BodyHandlers.ofByteArray()).body()).size();
        Arrays.sort(seconds);
        System.out.printf("listing: uid+flags+size of %,d messages (%,d bytes of JSON): median %.3f s, best %.3f s, worst %.3f s over %d runs%n",
                listed, bytes, seconds[seconds.length / 2], seconds[0], seconds[seconds.length - 1], seconds.length);
    }

    static void inbound(LocalStack stack, String domain, int count, int accountCount) throws Exception {
        List<Long> accounts = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < accountCount; i++) {
            String local = "bench-in-" + run + "-" + i;
            accounts.add(stack.newAccount(domain, local));
            addresses.add(local + "@" + domain);
        }
        byte[] body = ("From: alice@crepes.fr\r\nSubject: benchmark\r\n\r\n" + "Do you like ketchup? How about pickles?\r\n".repeat(50))
                .getBytes(StandardCharsets.US_ASCII);
        // BENCH_RESEND_DIGESTS=0: records without a re-send digest (what the filing costs without the claim)
        boolean withDigests = !"0".equals(System.getenv("BENCH_RESEND_DIGESTS"));
        long start = System.nanoTime();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", stack.kafka, "acks", "all",
                "linger.ms", 5, "compression.type", "lz4"), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                byte[] message = Arrays.copyOf(body, body.length + 12);
                System.arraycopy(String.format("%010d\r\n", i).getBytes(StandardCharsets.US_ASCII), 0, message, body.length, 12);
                Envelope envelope = Envelope.of("B" + run + i, SmtpPath.of(MailAddress.parse("alice@crepes.fr")),
                        List.of(EnvelopeRecipient.of(MailAddress.parse(addresses.get(i % accountCount)))), Instant.now());
                if (withDigests) { // as smtp-gateway writes for a message with its own Message-ID
                    envelope = envelope.withResendDigest(ResendDigest.of("<" + run + i + "@crepes.fr>", "<alice@crepes.fr>",
                            List.of(addresses.get(i % accountCount)), message));
                }
                producer.send(MailRecordHeaders.toProducerRecord(MailTopics.INBOUND, new MailRecord(envelope, message)));
            }
            producer.flush();
        }
        double published = (System.nanoTime() - start) / 1e9;
        long filed = 0;
        while (filed < count) {
            Thread.sleep(250);
            filed = 0;
            for (long account : accounts) {
                filed += stack.get("/api/v1/accounts/" + account + "/mailboxes/" + stack.mailbox(account, "INBOX")).get("messages").asLong();
            }
            if ((System.nanoTime() - start) / 1e9 > 600) {
                throw new IllegalStateException("only " + filed + " of " + count + " filed after 10 minutes");
            }
        }
        double total = (System.nanoTime() - start) / 1e9;
        System.out.printf("inbound: %,d messages of %,d bytes to %d accounts%s: published in %.1f s, all filed after %.1f s = %.0f messages/s%n",
                count, body.length + 12, accountCount, withDigests ? " (with re-send digests)" : " (no re-send digests)",
                published, total, count / total);
    }
}

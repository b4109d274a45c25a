package edu.hamburger.mail.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.topic.MailTopics;
import edu.hamburger.mail.mailbox.client.MailboxLookups;
import edu.hamburger.mail.mailbox.client.MailboxServiceProcess;
import edu.hamburger.mail.mailbox.client.TestKeystore;
import edu.hamburger.mail.smtp.protocol.Listener;
import edu.hamburger.mail.smtp.transport.SmtpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Forty clients (from four addresses) send a 25 MB message each at the same moment, into a gateway whose heap is what a
 * pod gets (576 MB, surefire's argLine; the JVM exits on OutOfMemoryError). Without the process's
 * message memory limit the messages alone would need over a gigabyte. Every client must get an
 * answer, 250 or 452 4.3.1, the gateway must keep serving, and every message answered 250 must
 * be in Kafka.
 */
@QuarkusTest
@QuarkusTestResource(value = MailboxServiceProcess.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TestKeystore.class, restrictToAnnotatedClass = true)
class LargeMessageFloodTest {

    private static final int CLIENTS = 40;
    private static final int MESSAGE_BYTES = 25 * 1024 * 1024;
    private static final Pattern QUEUED = Pattern.compile("queued as (\\S+)");

    @Inject
    SmtpServer server;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    /** 1 MiB of printable lines (never a leading dot), sent 25 times: a message costs the client no heap. */
    private static byte[] block() {
        Random random = new Random(42);
        StringBuilder text = new StringBuilder(1 << 20);
        while (text.length() < (1 << 20) - 80) {
            for (int i = 0; i < 76; i++) {
                text.append((char) ('a' + random.nextInt(26)));
            }
            text.append("\r\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private String sendLarge(int port, int number, byte[] block, String recipient) throws Exception {
        // four client addresses, ten connections each: within the per-address cap of 20
        InetAddress from = InetAddress.getByName("127.0.0." + (1 + number % 4));
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, from, 0)) {
            socket.setSoTimeout(300_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            String greeting = in.readLine();
            if (!greeting.startsWith("220")) {
                return greeting;
            }
            out.write(("EHLO flood" + number + ".example\r\nMAIL FROM:<flood" + number + "@crepes.fr> SIZE=" + MESSAGE_BYTES
                    + "\r\nRCPT TO:<" + recipient + ">\r\nDATA\r\n").getBytes(StandardCharsets.US_ASCII));
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.startsWith("354") && !line.matches("^[45]\\d\\d .*"));
            if (line == null || !line.startsWith("354")) {
                return "before DATA: " + line;
            }
            out.write(("Subject: flood " + number + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            long written = 0;
            while (written + block.length <= MESSAGE_BYTES - 1024) {
                out.write(block);
                written += block.length;
            }
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = in.readLine();
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            return reply;
        }
    }

    @Test
    void fortyConcurrent25MegabyteMessagesNeitherKillTheGatewayNorLoseAnAcceptedOne() throws Exception {
        int port = server.port(Listener.MX);
        byte[] block = block();
        // an account of its own with room for every message: the filing is counted below
        MailboxLookups.TestAccount flooded = MailboxLookups.freshAccount("flood");
        MailboxLookups.setQuota(flooded.id(), 4L << 30);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<String>> replies = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            int number = i;
            replies.add(clients.submit(() -> sendLarge(port, number, block, flooded.address())));
        }
        Set<String> accepted = new HashSet<>();
        int refusedForNow = 0;
        for (Future<String> reply : replies) {
            String text = reply.get(10, TimeUnit.MINUTES);
            if (text != null && text.startsWith("250 ")) {
                Matcher queued = QUEUED.matcher(text);
                assertTrue(queued.find(), text);
                accepted.add(queued.group(1));
            } else {
                assertTrue(text != null && text.startsWith("452 4.3.1"), "every client is answered 250 or 452 4.3.1: " + text);
                refusedForNow++;
            }
        }
        clients.shutdown();
        assertEquals(CLIENTS, accepted.size() + refusedForNow);
        assertTrue(!accepted.isEmpty(), "some large messages are accepted");
        assertTrue(refusedForNow > 0, "the limit was reached (else this test proves nothing)");

        // the gateway still serves, and a retry of a refused message now fits
        String retry = sendLarge(port, 99, block, flooded.address());
        assertTrue(retry.startsWith("250 "), retry);

        // every accepted message is in Kafka, whole
        Set<String> found = new HashSet<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrap,
                "isolation.level", "read_committed", "max.partition.fetch.bytes", 27 * 1024 * 1024,
                "fetch.max.bytes", 27 * 1024 * 1024, "max.poll.records", 1),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(MailTopics.INBOUND).forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !found.containsAll(accepted)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (accepted.contains(record.key())) {
                        int body = (MESSAGE_BYTES - 1024) / block.length * block.length;
                        assertTrue(record.value().length > body, "whole: " + record.value().length + " octets");
                        found.add(record.key());
                    }
                }
            }
        }
        assertEquals(accepted, found, "every message answered 250 is in mail.inbound");

        // and every one is filed, the retry too. Waiting for it also keeps this class's gigabyte of
        // mail from being filed by the next class's mailbox-service, in front of that class's own
        // messages (which then waited past their deadline: a CI failure of MxAuthenticationTest)
        Awaitility.await("all " + (accepted.size() + 1) + " large messages filed").atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> MailboxLookups.inboxCount(flooded.id()), filed -> filed == accepted.size() + 1);
    }
}

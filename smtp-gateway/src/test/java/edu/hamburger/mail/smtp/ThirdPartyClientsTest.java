package edu.hamburger.mail.smtp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.record.MailRecordHeaders;
import edu.hamburger.mail.core.topic.MailTopics;
import edu.hamburger.mail.mailbox.client.MailboxLookups;
import edu.hamburger.mail.mailbox.client.MailboxServiceProcess;
import edu.hamburger.mail.smtp.protocol.Listener;
import edu.hamburger.mail.smtp.transport.SmtpServer;
import edu.hamburger.mail.mailbox.client.TestKeystore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Clients nobody here wrote: Python's smtplib, Angus (Jakarta) Mail, and swaks, with STARTTLS and AUTH. */
@QuarkusTest
@QuarkusTestResource(value = MailboxServiceProcess.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TestKeystore.class, restrictToAnnotatedClass = true)
class ThirdPartyClientsTest {

    static final String KOREAN = "From: bob@example.test\r\nTo: alice@example.test\r\nBcc: hidden@example.test\r\n"
            + "Subject: 안녕하세요, 앨리스\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n\r\n케첩 좋아해요? 피클은요?\r\n";

    @Inject
    SmtpServer server;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "finished: " + command);
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
        return output;
    }

    @Test
    void pythonSmtplibSubmitsAKoreanEightBitMessageWithStartTls() throws Exception {
        long alice = MailboxLookups.accountId("alice@example.test", "secret");
        Path message = Files.createTempFile("korean", ".eml");
        Files.write(message, KOREAN.getBytes(StandardCharsets.UTF_8));
        String output = run(List.of("python3", Path.of("src/test/resources/smtplib_submit.py").toString(),
                Integer.toString(server.port(Listener.SUBMISSION)), TestKeystore.CERTIFICATE.toString(),
                "bob@example.test", "secret", "bob@example.test", "alice@example.test", message.toString()));
        assertTrue(output.contains("sent"), output);
        String stored = new String(MailboxLookups.awaitMessageContaining(alice, "Subject: 안녕하세요, 앨리스"), StandardCharsets.UTF_8);
        assertTrue(stored.endsWith("\r\n\r\n케첩 좋아해요? 피클은요?\r\n"), "8-bit body byte for byte: " + stored);
        assertFalse(stored.contains("Bcc:") || stored.contains("hidden@"), "Bcc removed on submission");
        assertTrue(stored.contains("\r\nMessage-ID: <") && stored.contains("\r\nDate: "), "added on submission");
        assertTrue(stored.contains("with ESMTPSA id"), "Received says TLS and AUTH: " + stored);
    }

    @Test
    void pythonSmtplibOverImplicitTlsAndWrongPassword() throws Exception {
        long alice = MailboxLookups.accountId("alice@example.test", "secret");
        Path message = Files.createTempFile("plain", ".eml");
        Files.write(message, "Subject: over 465\r\n\r\nimplicit TLS\r\n".getBytes(StandardCharsets.US_ASCII));
        run(List.of("python3", "src/test/resources/smtplib_submit.py", Integer.toString(server.port(Listener.SMTPS)),
                TestKeystore.CERTIFICATE.toString(), "bob@example.test", "secret", "bob@example.test", "alice@example.test",
                message.toString(), "implicit"));
        String stored = new String(MailboxLookups.awaitMessageContaining(alice, "Subject: over 465"), StandardCharsets.UTF_8);
        assertTrue(stored.contains("\r\nFrom: <bob@example.test>\r\n"), "submission adds the account as the missing author: " + stored);

        Process wrong = new ProcessBuilder("python3", "src/test/resources/smtplib_submit.py",
                Integer.toString(server.port(Listener.SUBMISSION)), TestKeystore.CERTIFICATE.toString(), "bob@example.test",
                "not-the-password", "bob@example.test", "alice@example.test", message.toString()).redirectErrorStream(true).start();
        String output = new String(wrong.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(wrong.waitFor(60, TimeUnit.SECONDS));
        assertTrue(wrong.exitValue() != 0 && output.contains("535"), output);
    }

    @Test
    void anAuthenticatedUserCannotSendAsSomeoneElse() throws Exception {
        Path message = Files.createTempFile("forged", ".eml");
        Files.write(message, "Subject: forged\r\n\r\nnot from alice\r\n".getBytes(StandardCharsets.US_ASCII));
        Process forged = new ProcessBuilder("python3", "src/test/resources/smtplib_submit.py",
                Integer.toString(server.port(Listener.SUBMISSION)), TestKeystore.CERTIFICATE.toString(), "bob@example.test",
                "secret", "alice@example.test", "carol@crepes.fr", message.toString()).redirectErrorStream(true).start();
        String output = new String(forged.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(forged.waitFor(60, TimeUnit.SECONDS));
        assertTrue(forged.exitValue() != 0 && output.contains("553") && output.contains("not owned by bob@example.test"), output);
    }

    @Test
    void angusMailSendsWithStartTlsAndAuth() throws Exception {
        long alice = MailboxLookups.accountId("alice@example.test", "secret");
        Properties props = new Properties();
        props.put("mail.smtp.host", "localhost");
        props.put("mail.smtp.port", Integer.toString(server.port(Listener.SUBMISSION)));
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.ssl.trust", "localhost");
        props.put("mail.smtp.ssl.checkserveridentity", "true");
        props.put("mail.smtp.ssl.trustStore", "");
        System.setProperty("javax.net.ssl.trustStore", trustStore().toString());
        System.setProperty("javax.net.ssl.trustStorePassword", TestKeystore.PASSWORD);
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("bob@example.test", "밥"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@example.test"));
        message.setSubject("앵거스 메일에서 안녕", "UTF-8");
        message.setText("Jakarta Mail이 보낸 편지입니다.", "UTF-8");
        Transport.send(message, "bob@example.test", "secret");

        MimeMessage stored = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(MailboxLookups.awaitMessageContaining(alice, message.getMessageID())));
        assertEquals("앵거스 메일에서 안녕", stored.getSubject());
        assertEquals("Jakarta Mail이 보낸 편지입니다.", ((String) stored.getContent()).trim());
        assertEquals("밥", ((InternetAddress) stored.getFrom()[0]).getPersonal());
        assertEquals("bob@example.test", MimeUtility.decodeText(((InternetAddress) stored.getFrom()[0]).getAddress()));
    }

    /** The test certificate as a PKCS#12 trust store for the JDK's TLS client. */
    private static Path trustStore() throws Exception {
        Path store = TestKeystore.DIR.resolve("trust.p12");
        if (!Files.exists(store)) {
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            run(List.of(keytool, "-importcert", "-noprompt", "-alias", "gateway", "-file", TestKeystore.CERTIFICATE.toString(),
                    "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", TestKeystore.PASSWORD));
        }
        return store;
    }

    @Test
    void swaksDeliversOverTheMxPortAndSubmitsWithTls() throws Exception {
        long bob = MailboxLookups.accountId("bob@example.test", "secret");
        String output = run(List.of("swaks", "--server", "127.0.0.1", "--port", Integer.toString(server.port(Listener.MX)),
                "--from", "alice@crepes.fr", "--to", "bob@example.test", "--helo", "crepes.fr",
                "--header", "Subject: from swaks", "--body", "Hello from swaks"));
        assertTrue(output.contains("<-  250 2.6.0 Message accepted for delivery"), output);
        MailboxLookups.awaitMessageContaining(bob, "Subject: from swaks");

        String tls = run(List.of("swaks", "--server", "127.0.0.1", "--port", Integer.toString(server.port(Listener.SUBMISSION)),
                "--tls", "--auth", "PLAIN", "--auth-user", "alice@example.test", "--auth-password", "secret",
                "--from", "alice@example.test", "--to", "bob@example.test", "--header", "Subject: swaks over TLS"));
        assertTrue(tls.contains("<~  235 2.7.0") && tls.contains("<~  250 2.6.0"), tls);
        MailboxLookups.awaitMessageContaining(bob, "Subject: swaks over TLS");
    }

    @Test
    void authenticatedRelayGoesToMailOutboundAndLocalToInboundInOneTransaction() throws Exception {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrap,
                "isolation.level", "read_committed", "max.partition.fetch.bytes", MailTopics.MAX_MESSAGE_BYTES),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(MailTopics.OUTBOUND).forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            consumer.partitionsFor(MailTopics.INBOUND).forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);

            Path message = Files.createTempFile("relay", ".eml");
            Files.write(message, "Subject: to two worlds\r\n\r\nlocal and remote\r\n".getBytes(StandardCharsets.US_ASCII));
            run(List.of("python3", "src/test/resources/smtplib_submit.py", Integer.toString(server.port(Listener.SUBMISSION)),
                    TestKeystore.CERTIFICATE.toString(), "bob@example.test", "secret", "bob@example.test",
                    "carol@crepes.fr,dave@crepes.fr,erin@hamburger.edu,alice@example.test", message.toString()));

            List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(300)).forEach(seen::add);
                return seen.size() >= 3;
            });
            MailRecord inbound = seen.stream().filter(r -> r.topic().equals(MailTopics.INBOUND)).map(MailRecordHeaders::fromConsumerRecord)
                    .filter(r -> r.envelope().authenticatedUser() != null).findFirst().orElseThrow();
            List<MailRecord> outbound = seen.stream().filter(r -> r.topic().equals(MailTopics.OUTBOUND))
                    .map(MailRecordHeaders::fromConsumerRecord).toList();
            assertEquals(List.of("alice@example.test"), inbound.envelope().recipients().stream().map(r -> r.address().toString()).toList());
            assertEquals(2, outbound.size(), "one record per destination domain");
            assertTrue(outbound.stream().anyMatch(r -> r.envelope().recipients().size() == 2
                    && r.envelope().recipients().get(0).address().domainKey().equals("crepes.fr")));
            assertTrue(outbound.stream().allMatch(r -> r.envelope().queueId().equals(inbound.envelope().queueId())));
            assertEquals("bob@example.test", inbound.envelope().authenticatedUser());
            assertEquals("<bob@example.test>", inbound.envelope().reversePath().toString());
        }
    }
}

package edu.hamburger.mail.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.mailbox.client.KafkaBrokerProcess;
import edu.hamburger.mail.mailbox.client.ServiceJarProcess;
import edu.hamburger.mail.mailbox.client.TestKeystore;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The crash suite's SMTP part, as an operator would see it: six clients (Angus Mail) send 480
 * messages to one mailbox through smtp-gateway; the gateway is killed with SIGKILL a third and
 * two thirds of the way in and started again on the same ports each time. Each client does what RFC 5321 leaves it: a message
 * without a 250 (refused connection, a connection that broke before the reply) is sent again,
 * byte for byte, until it gets one. Afterwards every message is in the mailbox exactly once:
 * nothing lost, and the re-sends of messages Kafka had already taken before the kill are
 * recognised by their ResendDigest and not filed twice.
 */
class GatewayCrashTest {

    private static final int CLIENTS = 6;
    private static final int PER_CLIENT = 80;
    private static final String DOMAIN = "crash.test";
    private static final String TOKEN = "crash-test-internal-token";
    private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\"\\s*:\\s*\"<([^>\"]+)>\"");

    @Test
    void killingTheGatewayUnderLoadLosesNothingAndFilesNothingTwice() throws Exception {
        KafkaBrokerProcess kafka = KafkaBrokerProcess.start("kafka-crash");
        ServiceJarProcess mailbox = null;
        ServiceJarProcess gateway = null;
        try {
            mailbox = ServiceJarProcess.start("mailbox-service", "mailbox-service-crash", storeEnvironment(kafka), MailDeployment.READY);
            Map<String, String> gatewayEnvironment = gatewayEnvironment(kafka, mailbox);
            gateway = ServiceJarProcess.start("smtp-gateway", "smtp-gateway-crash", gatewayEnvironment, MailDeployment.READY);
            int port = Integer.parseInt(gatewayEnvironment.get("MAIL_SMTP_MX_PORT"));

            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger failedTries = new AtomicInteger();
            Set<String> sent = ConcurrentHashMap.newKeySet();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < PER_CLIENT; i++) {
                        String id = "crash-" + client + "-" + i + "@elsewhere.test";
                        sendUntilAccepted(port, message(id, client, i), failedTries);
                        sent.add(id);
                        accepted.incrementAndGet();
                    }
                }, "smtp-client-" + c);
                clients.add(thread);
                thread.start();
            }
            List<Integer> acceptedAtKills = new ArrayList<>();
            for (int kill = 1; kill <= 2; kill++) {
                int mark = CLIENTS * PER_CLIENT * kill / 3;
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() -> accepted.get() >= mark);
                gateway.kill(); // returns once the process is gone, its ports free
                acceptedAtKills.add(accepted.get());
                gateway = ServiceJarProcess.start("smtp-gateway", "smtp-gateway-crash", gatewayEnvironment, MailDeployment.READY);
            }
            for (Thread thread : clients) {
                thread.join(Duration.ofMinutes(3).toMillis());
            }
            assertEquals(CLIENTS * PER_CLIENT, sent.size(), "every client finished");

            ServiceJarProcess store = mailbox;
            long bob = accountId(store);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> filedMessageIds(store, bob), ids -> ids.keySet().containsAll(sent));
            // a second copy still on its way would be filed within this quiet period
            await("no message filed twice").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> filedMessageIds(store, bob).values().stream().allMatch(n -> n == 1));
            Map<String, Integer> filed = filedMessageIds(store, bob);
            int copies = filed.values().stream().mapToInt(Integer::intValue).sum();
            long twice = filed.values().stream().filter(n -> n > 1).count();
            long recognised = java.nio.file.Files.readAllLines(store.log().toPath()).stream().filter(l -> l.contains("a re-send of")).count();
            System.out.printf("gateway killed after %s of %d accepted; %d tries failed and were sent again; "
                            + "%d filed copies of %d messages, %d lost, %d filed twice; %d re-sends of messages Kafka had already taken recognised%n",
                    acceptedAtKills, CLIENTS * PER_CLIENT, failedTries.get(), copies, filed.size(),
                    sent.stream().filter(id -> !filed.containsKey(id)).count(), twice, recognised);
            assertTrue(failedTries.get() > 0, "the kill broke some sessions: the re-send path ran");
            assertTrue(filed.keySet().containsAll(sent), "nothing lost");
            assertEquals(0, twice, "nothing filed twice: " + filed.entrySet().stream().filter(e -> e.getValue() > 1).toList());
        } finally {
            if (gateway != null) {
                gateway.stop();
            }
            if (mailbox != null) {
                mailbox.stop();
            }
            kafka.stop();
        }
    }

    private static byte[] message(String messageId, int client, int number) {
        return ("From: alice@elsewhere.test\r\nTo: bob@" + DOMAIN + "\r\nSubject: crash test " + client + "/" + number
                + "\r\nDate: Thu, 3 Dec 2026 18:00:00 +0000\r\nMessage-ID: <" + messageId + ">\r\n\r\n"
                + "Message " + number + " of client " + client + ".\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** One message, tried again (the same bytes) on a new connection until the server says 250. */
    private static void sendUntilAccepted(int port, byte[] bytes, AtomicInteger failedTries) {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", Integer.toString(port));
        properties.put("mail.smtp.connectiontimeout", "5000");
        properties.put("mail.smtp.timeout", "30000");
        properties.put("mail.smtp.from", "alice@elsewhere.test");
        Session session = Session.getInstance(properties);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            try (Transport transport = session.getTransport("smtp")) {
                MimeMessage parsed = new MimeMessage(session, new ByteArrayInputStream(bytes)); // written as read: same octets every try
                transport.connect();
                transport.sendMessage(parsed, new Address[] {new InternetAddress("bob@" + DOMAIN)});
                return;
            } catch (MessagingException e) {
                failedTries.incrementAndGet();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no 250 for three minutes", e);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
    }

    private static Map<String, String> storeEnvironment(KafkaBrokerProcess kafka) {
        String jdbc = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        if (jdbc == null || !jdbc.contains("/mail_test")) {
            throw new IllegalStateException("QUARKUS_DATASOURCE_JDBC_URL is not deploy/local/test's: run the tests with deploy/local/test");
        }
        Map<String, String> environment = new HashMap<>();
        environment.put("MAIL_DOMAIN", DOMAIN);
        environment.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrap());
        environment.put("MAIL_INTERNAL_API_TOKEN", TOKEN);
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", jdbc.replace("/mail_test", "/mail_test_crash"));
        environment.put("QUARKUS_DATASOURCE_REACTIVE_URL", System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL").replace("/mail_test", "/mail_test_crash"));
        environment.put("MAIL_ADMIN_API_TOKEN", TOKEN + "-admin");
        environment.put("MAIL_BOOTSTRAP_USERS", "bob");
        environment.put("MAIL_BOOTSTRAP_PASSWORD", MailDeployment.PASSWORD);
        return environment;
    }

    /** Fixed ports, so the restarted gateway is where the clients look. */
    private static Map<String, String> gatewayEnvironment(KafkaBrokerProcess kafka, ServiceJarProcess mailbox) {
        new TestKeystore().start();
        Map<String, String> environment = new HashMap<>();
        environment.put("MAIL_DOMAIN", DOMAIN);
        environment.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrap());
        environment.put("MAIL_INTERNAL_API_TOKEN", TOKEN);
        environment.put("MAIL_MAILBOX_API_URL", mailbox.url());
        environment.put("MAIL_TLS_KEYSTORE", TestKeystore.KEYSTORE.toString());
        environment.put("MAIL_TLS_KEYSTORE_PASSWORD", TestKeystore.PASSWORD);
        environment.put("MAIL_SMTP_BIND_ADDRESS", "127.0.0.1");
        environment.put("MAIL_SMTP_MX_PORT", Integer.toString(ServiceJarProcess.freePort()));
        environment.put("MAIL_SMTP_SUBMISSION_PORT", Integer.toString(ServiceJarProcess.freePort()));
        environment.put("MAIL_SMTP_SMTPS_PORT", Integer.toString(ServiceJarProcess.freePort()));
        environment.put("MAIL_MX_CHECKS_ENABLED", "false"); // no DNS here: SPF/DKIM/DMARC are another test's
        environment.put("MAIL_TRUSTED_NETWORKS", "127.0.0.0/8");
        return environment;
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String get(ServiceJarProcess mailbox, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(mailbox.url() + path))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static long accountId(ServiceJarProcess mailbox) throws Exception {
        Matcher id = Pattern.compile("\"accountId\"\\s*:\\s*(\\d+)").matcher(get(mailbox, "/api/v1/recipients/bob@" + DOMAIN));
        assertTrue(id.find());
        return Long.parseLong(id.group(1));
    }

    /** Message-ID to how many copies bob's INBOX holds. */
    private static Map<String, Integer> filedMessageIds(ServiceJarProcess mailbox, long account) throws Exception {
        String inbox = get(mailbox, "/api/v1/accounts/" + account + "/mailboxes/by-name?name=INBOX");
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(inbox);
        assertTrue(id.find(), inbox);
        String listing = get(mailbox, "/api/v1/accounts/" + account + "/mailboxes/" + id.group(1) + "/messages?include=envelope");
        Map<String, Integer> copies = new HashMap<>();
        Matcher messageId = MESSAGE_ID.matcher(listing);
        while (messageId.find()) {
            copies.merge(messageId.group(1), 1, Integer::sum);
        }
        return copies;
    }
}

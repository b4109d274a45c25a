package edu.hamburger.mail.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.hamburger.mail.auth.dns.LoopbackDnsServer;
import edu.hamburger.mail.mailbox.client.TestKeystore;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two complete deployments on this machine, crepes.fr and hamburger.edu, each with its own Kafka
 * (own topics), database and ports, their relays pointed at each other's MX port by the transport
 * map. Alice at crepes.fr writes to Bob at hamburger.edu from the webmail; the message goes
 * webmail → submission → Kafka → relay → SMTP → the other smtp-gateway → Kafka → mailbox; Bob
 * reads it over IMAP, Dave takes his copy over POP3, Bob answers from his webmail, Alice reads the
 * answer over IMAP, and mail to a user hamburger.edu does not have comes back to Alice as a DSN.
 * The steps build on each other, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoDomainSystemTest {

    static final Duration MAIL = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();

    static MailDeployment crepes;
    static MailDeployment hamburger;
    static WebmailClient alice;
    static String subject;
    static byte[] aliceSentCopy;

    /** The internet's DNS for this test: each domain publishes what its admin API says it needs. */
    static LoopbackDnsServer dns;

    /** The OpenTelemetry collector both deployments export their spans to. */
    static OtlpTraceReceiver traces;

    @BeforeAll
    static void startBoth() throws Exception {
        dns = new LoopbackDnsServer().a("mail.crepes.fr", "127.0.0.1").a("mail.hamburger.edu", "127.0.0.1");
        MailDeployment.dnsServers = dns.address();
        traces = new OtlpTraceReceiver();
        MailDeployment.otlpEndpoint = traces.endpoint();
        crepes = new MailDeployment("crepes.fr", "mail_test_crepes", List.of("alice", "claire"));
        hamburger = new MailDeployment("hamburger.edu", "mail_test_hamburger", List.of("bob", "dave"));
        CompletableFuture<Void> a = CompletableFuture.runAsync(crepes::startStore);
        CompletableFuture<Void> b = CompletableFuture.runAsync(hamburger::startStore);
        a.join();
        b.join();
        // each relay sends the other domain to the other deployment's MX port, as DNS would
        CompletableFuture<Void> c = CompletableFuture.runAsync(() -> crepes.startServices("hamburger.edu=127.0.0.1:" + hamburger.mxPort));
        CompletableFuture<Void> d = CompletableFuture.runAsync(() -> hamburger.startServices("crepes.fr=127.0.0.1:" + crepes.mxPort));
        c.join();
        d.join();
        publishDnsRecords(crepes);
        publishDnsRecords(hamburger);
        alice = WebmailClient.signIn(crepes.webmailUrl(), crepes.address("alice"), MailDeployment.PASSWORD);
    }

    @AfterAll
    static void stopBoth() {
        if (crepes != null) {
            crepes.close();
        }
        if (hamburger != null) {
            hamburger.close();
        }
        if (dns != null) {
            dns.close();
        }
        if (traces != null) {
            traces.close();
        }
        MailDeployment.otlpEndpoint = null;
    }

    /** MX, SPF, DKIM, DMARC ... as GET /admin/domains/{domain}/dns-records lists them, into the loopback DNS. */
    static void publishDnsRecords(MailDeployment deployment) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(deployment.mailboxUrl() + "/api/v1/admin/domains/" + deployment.domain + "/dns-records"))
                .header("Authorization", "Bearer " + deployment.adminToken()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        for (JsonNode record : JSON.readTree(response.body())) {
            String type = record.get("type").asText();
            String name = record.get("name").asText();
            String value = record.get("value").asText();
            switch (type) {
                case "TXT" -> dns.txt(name, value);
                case "MX" -> dns.mx(name, Integer.parseInt(value.split(" ")[0]), value.split(" ")[1]);
                case "CNAME" -> dns.add(name, org.xbill.DNS.Type.CNAME, value + ".");
                case "SRV" -> dns.add(name, org.xbill.DNS.Type.SRV, value + ".");
                default -> throw new AssertionError("unexpected record type " + type);
            }
        }
    }

    @Test
    @Order(1)
    void aliceSendsFromTheCrepesWebmailToBobAndDaveCcClaire() throws Exception {
        subject = "Rendez-vous à Hambourg — 함부르크에서 만나요 " + System.nanoTime();
        JsonNode sent = alice.post("/api/v1/messages", Map.of(
                "to", List.of("Bob <" + hamburger.address("bob") + ">", hamburger.address("dave")),
                "cc", List.of(crepes.address("claire")),
                "subject", subject,
                "text", "Salut Bob,\non se voit jeudi ?\n함부르크에서 봐요.\nAlice\n"), 201);
        aliceSentCopy = alice.raw("/api/v1/folders/" + sent.get("sentFolderId").asLong() + "/messages/" + sent.get("sentUid").asLong() + "/raw");
        // Claire is local to crepes.fr: delivered without leaving the deployment
        await().atMost(MAIL).until(() -> !imapMessages(crepes, "claire", "INBOX", subject).isEmpty());
    }

    @Test
    @Order(2)
    void bobReadsItOverImapByteForByte() throws Exception {
        await().atMost(MAIL).until(() -> !imapMessages(hamburger, "bob", "INBOX", subject).isEmpty());
        byte[] bobCopy = imapMessages(hamburger, "bob", "INBOX", subject).get(0);
        String bob = new String(bobCopy, StandardCharsets.UTF_8);
        // everything Alice's client wrote arrives unchanged after the trace headers the two servers added
        assertTrue(endsWith(bobCopy, aliceSentCopy), "Bob's copy ends with exactly what Alice sent: " + difference(bobCopy, aliceSentCopy));
        String trace = bob.substring(0, bob.length() - new String(aliceSentCopy, StandardCharsets.UTF_8).length());
        assertTrue(trace.contains("Received: from") && trace.contains("crepes.fr"), "relayed through crepes.fr:\n" + trace);
        assertTrue(trace.split("Received:", -1).length - 1 >= 2, "a Received header from each server:\n" + trace);
        // crepes.fr's relay signed it twice, hamburger.edu's MX checked everything against the DNS records
        assertTrue(trace.contains("Authentication-Results: hamburger.edu;"), trace);
        assertTrue(trace.contains("spf=pass smtp.mailfrom=crepes.fr"), trace);
        assertTrue(trace.contains("dkim=pass header.d=crepes.fr") && trace.contains("header.a=rsa-sha256")
                && trace.contains("header.a=ed25519-sha256"), trace);
        assertTrue(trace.contains("dmarc=pass (p=reject dis=none) header.from=crepes.fr"), trace);
    }

    /**
     * The crepes.fr queue id is in the Received field crepes.fr's gateway wrote; every span of that
     * message in crepes.fr's services (accepting it, filing Claire's copy, relaying to hamburger.edu)
     * shares one trace id, and the log lines about it show that trace id.
     */
    @Test
    @Order(3)
    void oneTraceFollowsTheMessageThroughTheGatewayTheFilingAndTheRelay() throws Exception {
        byte[] bobCopy = imapMessages(hamburger, "bob", "INBOX", subject).get(0);
        Matcher received = Pattern.compile("by \\S*crepes\\.fr \\(mail-platform\\) with \\S+ id (\\S+?)[;\\s]")
                .matcher(new String(bobCopy, StandardCharsets.UTF_8));
        assertTrue(received.find(), "crepes.fr's Received field names its queue id");
        String queueId = received.group(1);
        await().atMost(MAIL).failFast("an export the collector could not read", () -> !traces.failures().isEmpty())
                .until(() -> spansOf(queueId).stream().map(OtlpTraceReceiver.ReceivedSpan::name).collect(Collectors.toSet())
                .containsAll(Set.of("smtp.accept", "mailbox.file", "relay.deliver", "smtp.send")));
        List<OtlpTraceReceiver.ReceivedSpan> spans = spansOf(queueId);
        OtlpTraceReceiver.ReceivedSpan accepted = spans.stream().filter(span -> span.name().equals("smtp.accept")).findFirst().orElseThrow();
        assertEquals("smtp-gateway", accepted.service());
        assertEquals("", accepted.parentSpanId().replace("0", ""), "the trace starts at the SMTP session: " + accepted);
        assertEquals("250", accepted.attributes().get("smtp.reply.code"), accepted.toString());
        for (OtlpTraceReceiver.ReceivedSpan span : spans) {
            assertEquals(accepted.traceId(), span.traceId(), "one trace for the whole message: " + spans);
        }
        Map<String, OtlpTraceReceiver.ReceivedSpan> byName = spans.stream()
                .collect(Collectors.toMap(OtlpTraceReceiver.ReceivedSpan::name, span -> span, (a, b) -> a));
        assertEquals("mailbox-service", byName.get("mailbox.file").service());
        assertEquals(accepted.spanId(), byName.get("mailbox.file").parentSpanId(), "Claire's filing continues the SMTP span");
        assertEquals("queue-relay", byName.get("relay.deliver").service());
        assertEquals(accepted.spanId(), byName.get("relay.deliver").parentSpanId(), "the relay attempt continues the SMTP span");
        assertEquals(byName.get("relay.deliver").spanId(), byName.get("smtp.send").parentSpanId());
        assertEquals("hamburger.edu", byName.get("smtp.send").attributes().get("mail.destination"));
        // the log lines about it, in each of the three services, carry that trace id
        String mark = "traceId=" + accepted.traceId();
        for (String service : List.of("smtp-gateway", "mailbox-service", "queue-relay")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readAllLines(crepes.log(service)).stream()
                    .anyMatch(line -> line.contains(queueId) && line.contains(mark)));
        }
    }

    private static List<OtlpTraceReceiver.ReceivedSpan> spansOf(String queueId) {
        return traces.spans().stream().filter(span -> queueId.equals(span.attributes().get("mail.queue_id"))).toList();
    }

    @Test
    @Order(4)
    void daveFetchesAndDeletesHisCopyOverPop3() throws Exception {
        await().atMost(MAIL).until(() -> pop3Count(hamburger, "dave") > 0);
        Store store = store(hamburger, "pop3s", hamburger.pop3TlsPort, "dave");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message[] messages = inbox.getMessages();
            assertEquals(1, messages.length);
            assertEquals(subject, messages[0].getSubject());
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            messages[0].writeTo(raw);
            assertTrue(endsWith(raw.toByteArray(), aliceSentCopy), "Dave's copy is Alice's message too: " + difference(raw.toByteArray(), aliceSentCopy));
            messages[0].setFlag(jakarta.mail.Flags.Flag.DELETED, true);
            inbox.close(true); // QUIT: the deletion happens now
        } finally {
            store.close();
        }
        assertEquals(0, pop3Count(hamburger, "dave"), "downloaded and gone from the server");
        assertEquals(1, imapMessages(hamburger, "bob", "INBOX", subject).size(), "Bob's copy is his own");
    }

    @Test
    @Order(5)
    void bobRepliesFromHisWebmailAndAliceReadsItOverImap() throws Exception {
        WebmailClient bob = WebmailClient.signIn(hamburger.webmailUrl(), hamburger.address("bob"), MailDeployment.PASSWORD);
        long inbox = bob.folderId("inbox");
        long uid = bob.uidOf(inbox, subject);
        assertTrue(uid > 0, "Bob's webmail lists the message");
        JsonNode template = bob.get("/api/v1/folders/" + inbox + "/messages/" + uid + "/reply?mode=reply");
        Map<String, Object> reply = JSON.convertValue(template, HashMap.class);
        reply.put("text", "Jeudi, c'est parfait.\n" + template.get("text").asText());
        bob.post("/api/v1/messages", reply, 201);

        await().atMost(MAIL).until(() -> !imapMessages(crepes, "alice", "INBOX", "Re: " + subject).isEmpty());
        String answer = new String(imapMessages(crepes, "alice", "INBOX", "Re: " + subject).get(0), StandardCharsets.UTF_8);
        assertTrue(answer.contains("In-Reply-To: " + template.get("inReplyTo").asText()), answer);
        assertTrue(answer.contains("From: " + hamburger.address("bob")), answer);
    }

    @Test
    @Order(6)
    void mailToAnUnknownHamburgerUserComesBackToAliceAsADsn() throws Exception {
        String lost = "Pour personne " + System.nanoTime();
        alice.post("/api/v1/messages", Map.of("to", List.of("nobody@hamburger.edu"), "subject", lost, "text", "hello?"), 201);
        await().atMost(MAIL).until(() -> imapMessages(crepes, "alice", "INBOX", null).stream()
                .map(m -> new String(m, StandardCharsets.UTF_8)).anyMatch(m -> m.contains("report-type=delivery-status") && m.contains(lost)));
        String dsn = imapMessages(crepes, "alice", "INBOX", null).stream().map(m -> new String(m, StandardCharsets.UTF_8))
                .filter(m -> m.contains("report-type=delivery-status") && m.contains(lost)).findFirst().orElseThrow();
        assertTrue(dsn.contains("Final-Recipient: rfc822; nobody@hamburger.edu"), dsn);
        assertTrue(dsn.contains("Action: failed"), dsn);
        assertTrue(dsn.contains("Status: 5.1.1"), dsn);
    }

    /**
     * Someone else's server claiming to be crepes.fr (127.0.0.2 is not crepes.fr's MX, and it has
     * no crepes.fr key) is refused by hamburger.edu under crepes.fr's p=reject; Python's smtplib
     * hears 550 5.7.1.
     */
    @Test
    @Order(7)
    void aForgedCrepesMessageFromAnUnlistedClientIsRefused() throws Exception {
        String script = String.join("\n",
                "import smtplib, sys",
                "s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=30, source_address=('127.0.0.2', 0))",
                "try:",
                "    s.sendmail('alice@crepes.fr', ['bob@hamburger.edu'], b'From: Alice <alice@crepes.fr>\\r\\nSubject: new bank details\\r\\n\\r\\nplease pay here\\r\\n')",
                "    print('accepted')",
                "except smtplib.SMTPDataError as e:",
                "    print(e.smtp_code, e.smtp_error.decode())",
                "s.quit()");
        Process python = new ProcessBuilder("python3", "-c", script, Integer.toString(hamburger.mxPort)).redirectErrorStream(true).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        python.waitFor();
        assertEquals("550 5.7.1 Message refused: the DMARC policy of crepes.fr says reject, and neither SPF nor DKIM passed for it", out);
    }

    // ---- clients nobody here wrote: Angus Mail over IMAPS and POP3S ----

    /** Raw messages of a folder over IMAPS whose subject is {@code subject} (all when null). */
    static List<byte[]> imapMessages(MailDeployment deployment, String user, String folderName, String subject) throws Exception {
        Store store = store(deployment, "imaps", deployment.imapTlsPort, user);
        try {
            Folder folder = store.getFolder(folderName);
            folder.open(Folder.READ_ONLY);
            List<byte[]> found = new ArrayList<>();
            for (Message message : folder.getMessages()) {
                if (subject == null || subject.equals(message.getSubject())) {
                    ByteArrayOutputStream raw = new ByteArrayOutputStream();
                    message.writeTo(raw);
                    found.add(raw.toByteArray());
                }
            }
            folder.close(false);
            return found;
        } finally {
            store.close();
        }
    }

    /**
     * Webmail sessions live in mailbox-service, not in a replica: with two webmail replicas, a
     * logout on one ends the session on the other, and a password change or the account's removal
     * ends every session at once. (Last: it changes Claire's password and then removes her.)
     */
    /**
     * The alert rules and the Grafana dashboard (deploy/k8s/components/prometheus-operator) read
     * only metrics the running services export: a renamed metric fails here, not in production.
     */
    @Test
    @Order(8)
    void everyMetricTheAlertsAndTheDashboardReadIsExported() throws Exception {
        java.nio.file.Path monitoring = KubernetesManifestsTest.K8S.resolve("components/prometheus-operator");
        String rulesAndDashboard = Files.readString(monitoring.resolve("monitoring.yaml"))
                + Files.readString(monitoring.resolve("mail-platform-dashboard.json"));
        Set<String> referenced = new java.util.TreeSet<>();
        Matcher name = Pattern.compile("\\bmail_[a-z0-9_]+").matcher(rulesAndDashboard);
        while (name.find()) {
            referenced.add(name.group());
        }
        assertTrue(referenced.size() >= 10, "the rules and the dashboard read the platform's metrics: " + referenced);
        Set<String> exported = new java.util.TreeSet<>();
        for (String line : (crepes.metrics() + hamburger.metrics()).split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                exported.add(line.split("[{ ]", 2)[0]);
            }
        }
        Set<String> missing = new java.util.TreeSet<>(referenced);
        missing.removeAll(exported);
        assertEquals(Set.of(), missing, "read by the alerts or the dashboard but exported by no service");
        // and they count what happened: Bob read over IMAPS, Dave over POP3S, crepes.fr's relay delivered
        String hamburgerMetrics = hamburger.metrics();
        for (String series : List.of("mail_commands_total{protocol=\"imap\",result=\"ok\",verb=\"EXAMINE\"}",
                "mail_commands_total{protocol=\"pop3\",result=\"ok\",verb=\"RETR\"}",
                "mail_commands_total{protocol=\"smtp\",result=\"2xx\",verb=\"MESSAGE\"}",
                "mail_tls_sessions_total{listener=\"imaps\",mode=\"implicit\",protocol=\"imap\"}",
                "mail_sessions_total{listener=\"mx\",protocol=\"smtp\"}")) {
            assertTrue(value(hamburgerMetrics, series) >= 1, series + " in hamburger.edu's metrics: "
                    + hamburgerMetrics.lines().filter(line -> line.startsWith(series.substring(0, series.indexOf('{')))).toList());
        }
        assertTrue(value(crepes.metrics(), "mail_relay_domain_recipients_total{domain=\"hamburger.edu\",outcome=\"delivered\"}") >= 2,
                "Bob and Dave, delivered to hamburger.edu");
    }

    /** IMAP and POP3 commands and the webmail's requests are spans that say whose they are. */
    @Test
    @Order(9)
    void imapPop3AndWebmailRequestsAreSpansWithTheAccount() {
        await().atMost(MAIL).until(() -> hasSpan("imap-gateway", "IMAP EXAMINE", hamburger.address("bob"))
                && hasSpan("pop3-gateway", "POP3 RETR", hamburger.address("dave"))
                && traces.spans().stream().anyMatch(span -> span.service().equals("webmail-api")
                        && crepes.address("alice").equals(span.attributes().get("mail.account"))));
        OtlpTraceReceiver.ReceivedSpan examine = traces.spans().stream().filter(span -> span.name().equals("IMAP EXAMINE")).findFirst().orElseThrow();
        assertEquals("ok", examine.attributes().get("mail.command.result"));
    }

    private static boolean hasSpan(String service, String name, String account) {
        return traces.spans().stream().anyMatch(span -> span.service().equals(service) && span.name().equals(name)
                && account.equals(span.attributes().get("mail.account")));
    }

    /** One series' value in Prometheus text (either exposition format: 0.0.4 ends the labels with ",}"); 0 when absent. */
    private static double value(String metrics, String series) {
        for (String line : metrics.replace(",} ", "} ").split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).split(" ")[0]);
            }
        }
        return 0;
    }

    @Test
    @Order(100)
    void webmailSessionsEndOnEveryReplicaAtLogoutPasswordChangeAndRemoval() throws Exception {
        String first = crepes.webmailUrl();
        String second = crepes.startWebmailReplica().url();
        String claire = crepes.address("claire");

        WebmailClient session = WebmailClient.signIn(first, claire, MailDeployment.PASSWORD);
        assertEquals(200, session.status(second, "GET", "/api/v1/session"), "one session, served by any replica");
        assertEquals(204, session.status(second, "DELETE", "/api/v1/session"), "logout on the other replica");
        assertEquals(401, session.status(first, "GET", "/api/v1/session"), "logout ended it here too");

        WebmailClient again = WebmailClient.signIn(second, claire, MailDeployment.PASSWORD);
        assertEquals(200, again.status(first, "GET", "/api/v1/folders"));
        long id = accountId(claire, MailDeployment.PASSWORD);
        assertEquals(204, admin("PUT", "/api/v1/admin/accounts/" + id + "/password", Map.of("password", "a brand new one")));
        assertEquals(401, again.status(first, "GET", "/api/v1/folders"), "a password change ends every session");
        assertEquals(401, again.status(second, "GET", "/api/v1/folders"));

        WebmailClient last = WebmailClient.signIn(first, claire, "a brand new one");
        assertEquals(200, last.status(second, "GET", "/api/v1/folders"));
        assertEquals(204, admin("DELETE", "/api/v1/admin/accounts/" + id, null));
        assertEquals(401, last.status(first, "GET", "/api/v1/folders"), "a removed account has no session");
        assertEquals(401, last.status(second, "GET", "/api/v1/folders"));
    }

    private static long accountId(String user, String password) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(crepes.mailboxUrl() + "/api/v1/auth"))
                .header("Authorization", "Bearer " + crepes.serviceToken()).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("username", user, "password", password))))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("accountId").asLong();
    }

    private static int admin(String method, String path, Object body) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(crepes.mailboxUrl() + path))
                .header("Authorization", "Bearer " + crepes.adminToken()).header("Content-Type", "application/json")
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return java.net.http.HttpClient.newHttpClient().send(request.build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static int pop3Count(MailDeployment deployment, String user) throws Exception {
        Store store = store(deployment, "pop3s", deployment.pop3TlsPort, user);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            int count = inbox.getMessageCount();
            inbox.close(false);
            return count;
        } finally {
            store.close();
        }
    }

    static Store store(MailDeployment deployment, String protocol, int port, String user) throws Exception {
        Properties properties = new Properties();
        properties.put("mail." + protocol + ".ssl.socketFactory", TestKeystore.clientContext().getSocketFactory());
        properties.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        properties.put("mail." + protocol + ".connectiontimeout", "10000");
        properties.put("mail." + protocol + ".timeout", "20000");
        Store store = Session.getInstance(properties).getStore(protocol);
        try {
            store.connect("127.0.0.1", port, deployment.address(user), MailDeployment.PASSWORD);
        } catch (MessagingException e) {
            throw new IllegalStateException(protocol + " login as " + user + " failed", e);
        }
        return store;
    }

    /** Where a received copy stops matching what was sent, line by line from the end (both kept in target/). */
    static String difference(byte[] received, byte[] sent) throws java.io.IOException {
        java.nio.file.Files.write(java.nio.file.Path.of("target", "received.eml"), received);
        java.nio.file.Files.write(java.nio.file.Path.of("target", "sent.eml"), sent);
        String[] a = new String(received, StandardCharsets.UTF_8).split("\r\n", -1);
        String[] b = new String(sent, StandardCharsets.UTF_8).split("\r\n", -1);
        for (int i = 1; i <= b.length; i++) {
            if (i > a.length || !a[a.length - i].equals(b[b.length - i])) {
                return "line " + (b.length - i + 1) + " of the sent message: sent [" + b[b.length - i] + "], received ["
                        + (i > a.length ? "nothing" : a[a.length - i]) + "] (target/sent.eml, target/received.eml)";
            }
        }
        return "the received copy is shorter";
    }

    static boolean endsWith(byte[] whole, byte[] tail) {
        if (tail.length > whole.length) {
            return false;
        }
        for (int i = 0; i < tail.length; i++) {
            if (whole[whole.length - tail.length + i] != tail[i]) {
                return false;
            }
        }
        return true;
    }
}

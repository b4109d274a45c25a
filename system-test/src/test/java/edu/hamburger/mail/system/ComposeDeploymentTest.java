package edu.hamburger.mail.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * deploy/docker-compose.yml run for real, as a user runs it: {@code deploy/containers/up} builds
 * the service images from their Dockerfiles (and offline stand-ins where a public image cannot be
 * pulled), starts the stack and waits until every healthcheck passes. Two deployments, two compose
 * projects: hamburger.edu on the default ports and crepes.fr on shifted ones, joined by a shared
 * network (deploy/containers/exchange.yml) on which each relay routes the other's domain to its
 * smtp-gateway. Then the seed's scenario through the containers' published ports: the SMTP
 * dialogue, reading the message over IMAP and POP3 with Angus Mail, the webmail's API, a relay to
 * Postfix's smtp-sink on the host, and Alice in crepes.fr writing to Bob in hamburger.edu, who
 * answers; at the end {@code deploy/containers/down} removes both stacks and their volumes.
 *
 * <p>Skipped, saying why, when no container engine answers ({@code docker info}); .ci/run
 * installs docker.io and starts dockerd, so CI runs it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeDeploymentTest {

    static final Path CONTAINERS = ServiceConfiguration.ROOT.resolve("deploy/containers");
    static final String EXCHANGE = "mail-test-exchange";
    static final Deployment HAMBURGER = new Deployment("mail-test-hamburger", "hamburger.edu", 0);
    /** crepes.fr publishes every port 20000 higher (its SMTP on 23025, its webmail on 28080...). */
    static final Deployment CREPES = new Deployment("mail-test-crepes", "crepes.fr", 20000);
    static final String DOMAIN = HAMBURGER.domain();
    static final Duration MAIL = Duration.ofSeconds(60);
    static final Path SINK_DIR = Path.of("target", "compose-smtp-sink").toAbsolutePath();

    /** Each deployment's CA, read once: a container run per poll of a mailbox cost seconds each. */
    static final Map<String, byte[]> CA_CERTIFICATES = new java.util.concurrent.ConcurrentHashMap<>();

    static Process sink;
    static String password;
    static String subject;

    @BeforeAll
    static void up() throws Exception {
        Assumptions.assumeTrue(engineAnswers(), "no container engine answers to 'docker info': the compose deployment was not run");
        Files.createDirectories(SINK_DIR);
        Files.setPosixFilePermissions(SINK_DIR, PosixFilePermissions.fromString("rwxrwxrwx"));
        // the relay reaches the host at the Docker bridge's address; smtp-sink keeps each transaction in a file
        String host = dockerHostAddress();
        int sinkPort = edu.hamburger.mail.mailbox.client.ServiceJarProcess.freePort();
        List<String> command = new ArrayList<>(List.of(smtpSink()));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "nobody"));
        }
        command.addAll(List.of("-d", SINK_DIR + "/%H%M%S.", host + ":" + sinkPort, "10"));
        sink = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(SINK_DIR.resolve("sink.log").toFile()).start();

        // What both deployments share is made once, so that they can start side by side without
        // racing for it: the images, deploy/.env's secrets, the exchange network.
        run(Duration.ofMinutes(20), Map.of(), "images", "both");
        if (!Files.exists(ServiceConfiguration.ROOT.resolve("deploy/.env"))) {
            assertEquals(0, new ProcessBuilder(ServiceConfiguration.ROOT.resolve("deploy/make-secrets").toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor());
        }
        Process network = new ProcessBuilder("docker", "network", "create", EXCHANGE).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(network.waitFor(60, TimeUnit.SECONDS), "docker network create " + EXCHANGE);
        Process hamburger = HAMBURGER.start("sink.test=" + host + ":" + sinkPort + "," + CREPES.domain() + "=mx." + CREPES.domain() + ":3025");
        Process crepes = CREPES.start(HAMBURGER.domain() + "=mx." + HAMBURGER.domain() + ":3025");
        awaitScript(hamburger, Duration.ofMinutes(20), "up", HAMBURGER.project());
        awaitScript(crepes, Duration.ofMinutes(20), "up", CREPES.project());
        password = envFile().get("DEMO_PASSWORD");
    }

    @AfterAll
    static void down() throws Exception {
        if (sink != null) {
            sink.destroy();
        }
        if (engineAnswers()) {
            CREPES.down();
            HAMBURGER.down();
            new ProcessBuilder("docker", "network", "rm", EXCHANGE).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void theSeedsSmtpDialogueThroughThePublishedMxPort() throws Exception {
        subject = "compose " + System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", HAMBURGER.port(3025))) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertEquals(220, reply(in));
            assertEquals(250, send(out, in, "EHLO client.crepes.fr"));
            assertEquals(250, send(out, in, "MAIL FROM:<alice@crepes.fr>"));
            assertEquals(250, send(out, in, "RCPT TO:<bob@" + DOMAIN + ">"));
            assertEquals(354, send(out, in, "DATA"));
            assertEquals(250, send(out, in, "From: alice@crepes.fr\r\nTo: bob@" + DOMAIN + "\r\nSubject: " + subject
                    + "\r\n\r\nSalut Bob, from a container.\r\n."));
            assertEquals(221, send(out, in, "QUIT"));
        }
    }

    @Test
    @Order(2)
    void bobReadsItOverImapWithTls() {
        await().atMost(MAIL).until(() -> HAMBURGER.subjects("bob", "imaps", 3993).contains(subject));
    }

    @Test
    @Order(3)
    void andOverPop3WithTls() throws Exception {
        assertTrue(HAMBURGER.subjects("bob", "pop3s", 3995).contains(subject), "POP3 lists the message IMAP saw");
    }

    @Test
    @Order(4)
    void aliceSendsFromTheWebmailAndTheRelayHandsItToTheSink() throws Exception {
        WebmailClient alice = HAMBURGER.webmail("alice");
        String relayed = "to the sink " + System.nanoTime();
        alice.post("/api/v1/messages", Map.of("to", List.of("someone@sink.test"), "subject", relayed, "text", "over the relay\n"), 201);
        await().atMost(MAIL).until(() -> sinkHolds(relayed));
        // and the webmail lists Bob's message from the SMTP dialogue in his INBOX
        WebmailClient bob = HAMBURGER.webmail("bob");
        assertTrue(bob.uidOf(bob.folderId("inbox"), subject) > 0, "the webmail shows " + subject + " in Bob's INBOX");
    }

    @Test
    @Order(5)
    void aliceInCrepesWritesToBobInHamburgerWhoAnswers() throws Exception {
        String question = "Rendez-vous à Hambourg? 함부르크에서 만나요 " + System.nanoTime();
        CREPES.webmail("alice").post("/api/v1/messages", Map.of("to", List.of("Bob <bob@" + HAMBURGER.domain() + ">"),
                "subject", question, "text", "Salut Bob,\non se voit jeudi ?\nAlice\n"), 201);
        await().atMost(MAIL).until(() -> HAMBURGER.subjects("bob", "imaps", 3993).contains(question));

        WebmailClient bob = HAMBURGER.webmail("bob");
        long inbox = bob.folderId("inbox");
        long uid = bob.uidOf(inbox, question);
        assertTrue(uid > 0, "the webmail lists the message from crepes.fr");
        JsonNode template = bob.get("/api/v1/folders/" + inbox + "/messages/" + uid + "/reply?mode=reply");
        @SuppressWarnings("unchecked")
        Map<String, Object> reply = new com.fasterxml.jackson.databind.ObjectMapper().convertValue(template, Map.class);
        reply.put("text", "Jeudi, oui.\n" + template.get("text").asText());
        bob.post("/api/v1/messages", reply, 201);
        await().atMost(MAIL).until(() -> CREPES.subjects("alice", "imaps", 3993).contains("Re: " + question));
    }

    @Test
    @Order(6)
    void aMailClientFollowingAutoconfigReachesTheShiftedPorts() throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + CREPES.port(8080) + "/.well-known/autoconfig/mail/config-v1.1.xml")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        // the first incoming server Thunderbird would try: IMAP with implicit TLS
        java.util.regex.Matcher imap = java.util.regex.Pattern.compile(
                "<incomingServer type=\"imap\">\\s*<hostname>([^<]+)</hostname>\\s*<port>(\\d+)</port>\\s*<socketType>SSL</socketType>")
                .matcher(response.body());
        assertTrue(imap.find(), response.body());
        assertEquals(CREPES.port(3993), Integer.parseInt(imap.group(2)), "autoconfig names the published port");
        List<String> inbox = subjects(trusting(caCertificate(CREPES.project())), "alice@" + CREPES.domain(), "imaps",
                Integer.parseInt(imap.group(2)), imap.group(1));
        assertTrue(inbox.stream().anyMatch(subject -> subject.startsWith("Re: Rendez-vous")), "Alice reads Bob's answer where autoconfig points: " + inbox);
    }

    /** mailctl in its image, on crepes.fr's compose network with that deployment's two admin tokens. */
    @Test
    @Order(7)
    void mailctlInItsImageAdministersTheDeployment() throws Exception {
        String accounts = mailctl(CREPES, "account", "list");
        assertTrue(accounts.lines().anyMatch(l -> l.startsWith("alice@crepes.fr ")), accounts);
        String queue = mailctl(CREPES, "queue", "list"); // queue-relay's own admin token
        assertTrue(queue.contains("Mail queue is empty") || queue.contains("QUEUE ID"), queue);
        String doctor = mailctl(CREPES, "doctor", "--no-dns");
        for (String check : List.of("OK    health webmail-api", "OK    port smtp smtp-gateway:3025", "OK    certificate imaps",
                "OK    port pop3s pop3-gateway:3995")) {
            assertTrue(doctor.contains(check), check + " in\n" + doctor);
        }
        assertTrue(doctor.contains(" 0 failed"), doctor);
    }

    static String mailctl(Deployment deployment, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(CONTAINERS.resolve("mailctl").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of("MAIL_COMPOSE_PROJECT", deployment.project(), "MAIL_EXCHANGE_NETWORK", EXCHANGE));
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(3, TimeUnit.MINUTES));
        String text = new String(output, java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "mailctl " + String.join(" ", args) + ":\n" + text);
        return text;
    }

    /** One compose project: its name, mail domain and how far its published ports are shifted. */
    record Deployment(String project, String domain, int shift) {

        int port(int standard) {
            return standard + shift;
        }

        /** Starts deploy/containers/up for this deployment; {@link #awaitScript} waits for it. */
        Process start(String transportMap) throws Exception {
            Map<String, String> environment = new java.util.HashMap<>(Map.of(
                    "MAIL_COMPOSE_PROJECT", project, "MAIL_DOMAIN", domain, "MAIL_EXCHANGE_NETWORK", EXCHANGE,
                    "MAIL_RELAY_TRANSPORT_MAP", transportMap));
            Map.of("SMTP", 3025, "SUBMISSION", 3587, "SMTPS", 3465, "IMAP", 3143, "IMAPS", 3993, "POP3", 3110, "POP3S", 3995,
                    "WEBMAIL", 8080, "WEBMAIL_MANAGEMENT", 9080, "KAFKA", 9092).forEach((name, port) ->
                    environment.put("MAIL_PUBLISH_" + name, Integer.toString(port(port))));
            Map.of("SMTP_HTTP", 8081, "MAILBOX_HTTP", 8082, "RELAY_HTTP", 8083, "IMAP_HTTP", 8084, "POP3_HTTP", 8085,
                    "POSTGRES", 15432, "MANAGESIEVE", 4190).forEach((name, port) -> environment.put("MAIL_PUBLISH_" + name, Integer.toString(port(port))));
            // two stacks start at once on the same cores: give their healthchecks twice the usual time
            environment.put("MAIL_CONTAINERS_TIMEOUT", "600");
            return script(environment, "up", project);
        }

        void down() throws Exception {
            run(Duration.ofMinutes(3), Map.of("MAIL_COMPOSE_PROJECT", project, "MAIL_EXCHANGE_NETWORK", EXCHANGE), "down", project);
        }

        WebmailClient webmail(String user) throws IOException, InterruptedException {
            return WebmailClient.signIn("http://127.0.0.1:" + port(8080), user + "@" + domain, password);
        }

        /** The subjects in USER's INBOX, read by Angus Mail over PROTOCOL (imaps or pop3s). */
        List<String> subjects(String user, String protocol, int standardPort) throws Exception {
            return ComposeDeploymentTest.subjects(trusting(caCertificate(project)), user + "@" + domain, protocol, port(standardPort));
        }
    }


    static boolean engineAnswers() {
        try {
            Process info = new ProcessBuilder("docker", "info").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return info.waitFor(30, TimeUnit.SECONDS) && info.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs deploy/containers/SCRIPT; fails with its output if it fails. */
    static void run(Duration limit, Map<String, String> environment, String script, String project) throws Exception {
        awaitScript(script(environment, script, project), limit, script, project);
    }

    static Process script(Map<String, String> environment, String script, String project) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(CONTAINERS.resolve(script).toString()).redirectErrorStream(true)
                .redirectOutput(scriptLog(script, project).toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    static Path scriptLog(String script, String project) {
        return Path.of("target", "compose-" + project + "-" + script + ".log").toAbsolutePath();
    }

    static void awaitScript(Process process, Duration limit, String script, String project) throws Exception {
        Path log = scriptLog(script, project);
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("deploy/containers/" + script + " took longer than " + limit + ":\n" + Files.readString(log));
        }
        assertEquals(0, process.exitValue(), "deploy/containers/" + script + " failed:\n" + Files.readString(log));
    }

    static Map<String, String> envFile() throws IOException {
        Map<String, String> values = new java.util.HashMap<>();
        for (String line : Files.readAllLines(ServiceConfiguration.ROOT.resolve("deploy/.env"))) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return values;
    }

    /** The CA certificate tls-init made, read from the volume only the CA's public half is in. */
    static byte[] caCertificate(String project) throws Exception {
        byte[] known = CA_CERTIFICATES.get(project);
        if (known == null) {
            known = readCaCertificate(project);
            CA_CERTIFICATES.put(project, known);
        }
        return known;
    }

    static byte[] readCaCertificate(String project) throws Exception {
        Process cat = new ProcessBuilder("docker", "run", "--rm", "-v", project + "_tls-public:/tls:ro", "eclipse-temurin:17-jre",
                "cat", "/tls/ca.pem").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] pem = cat.getInputStream().readAllBytes();
        assertTrue(cat.waitFor(60, TimeUnit.SECONDS) && cat.exitValue() == 0, "could not read ca.pem from the tls-public volume");
        return pem;
    }

    static SSLContext trusting(byte[] pem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem)));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    static List<String> subjects(SSLContext tls, String address, String protocol, int port) throws Exception {
        return subjects(tls, address, protocol, port, "localhost");
    }

    static List<String> subjects(SSLContext tls, String address, String protocol, int port, String host) throws Exception {
        Properties properties = new Properties();
        properties.put("mail." + protocol + ".ssl.socketFactory", tls.getSocketFactory());
        properties.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        properties.put("mail." + protocol + ".connectiontimeout", "10000");
        properties.put("mail." + protocol + ".timeout", "30000");
        Store store = Session.getInstance(properties).getStore(protocol);
        store.connect(host, port, address, password);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<String> subjects = new ArrayList<>();
            for (Message message : inbox.getMessages()) {
                subjects.add(message.getSubject());
            }
            inbox.close(false);
            return subjects;
        } finally {
            store.close();
        }
    }

    static boolean sinkHolds(String text) throws IOException {
        try (Stream<Path> files = Files.list(SINK_DIR)) {
            return files.filter(file -> !file.getFileName().toString().equals("sink.log")).anyMatch(file -> {
                try {
                    return Files.readString(file, StandardCharsets.ISO_8859_1).contains(text);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** The host's address on Docker's default bridge, which every container can reach. */
    static String dockerHostAddress() throws SocketException {
        NetworkInterface bridge = NetworkInterface.getByName("docker0");
        if (bridge != null) {
            for (InetAddress address : Collections.list(bridge.getInetAddresses())) {
                if (address instanceof Inet4Address) {
                    return address.getHostAddress();
                }
            }
        }
        throw new IllegalStateException("no docker0 bridge with an IPv4 address: the relay could not reach the host's sink");
    }

    static String smtpSink() {
        for (String candidate : new String[] {"/usr/sbin/smtp-sink", "/usr/bin/smtp-sink"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("smtp-sink not found: install Debian's postfix package (.ci/run does)");
    }

    // ---- SMTP, by hand: the reply codes are what this test checks ----

    static int send(OutputStream out, BufferedReader in, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return reply(in);
    }

    /** Reads one reply, multi-line or not, and returns its code. */
    static int reply(BufferedReader in) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("the server closed the connection");
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        return Integer.parseInt(line.substring(0, 3));
    }
}

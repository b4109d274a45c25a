package edu.hamburger.mail.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.auth.dns.LoopbackDnsServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The local stack as a learner and an operator meet it: {@code deploy/local/up} (a second stack,
 * every port shifted by MAIL_PORT_OFFSET, its own Kafka and embedded PostgreSQL), the seed
 * lecture's dialogues typed without TLS, {@code deploy/local/mailctl} for the day's admin work,
 * then {@code deploy/local/down}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackTest {

    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    static final Path STACK = ROOT.resolve("system-test/target/local-stack");
    /**
     * Every port of the second stack (3025 + offset up to the embedded PostgreSQL's 15432 + offset)
     * stays below Linux's ephemeral range (32768-60999): with 30000, a port such as POP3's 33110
     * could be the local end of some other connection at that moment, and the gateway failed to bind.
     */
    static final int OFFSET = 15000;
    static final int MX = 3025 + OFFSET, SUBMISSION = 3587 + OFFSET, IMAP = 3143 + OFFSET, POP3 = 3110 + OFFSET;
    static final String DEMO_PASSWORD = "learner-secret";

    record Run(int status, String output) {
    }

    static int unreachablePort;
    static String upOutput;

    @BeforeAll
    static void up() throws Exception {
        deleteRecursively(STACK);
        try (ServerSocket closed = new ServerSocket(0)) {
            unreachablePort = closed.getLocalPort(); // nothing listens there once closed: every attempt fails temporarily
        }
        Run up = run(Duration.ofMinutes(8), null, "deploy/local/up");
        upOutput = up.output();
        assertEquals(0, up.status(), up.output());
    }

    @AfterAll
    static void down() throws Exception {
        Run down = run(Duration.ofMinutes(3), null, "deploy/local/down");
        assertEquals(0, down.status(), down.output());
        assertFalse(open(MX), "the stack's SMTP port still answers after down");
        Process left = new ProcessBuilder("pgrep", "-f", STACK + "/").start();
        assertTrue(left.waitFor(10, TimeUnit.SECONDS));
        assertEquals(1, left.exitValue(), "processes of the stack left after down: " + new String(left.getInputStream().readAllBytes()));
    }

    @Test
    @Order(1)
    void upSaysWhereEverythingIsOnItsShiftedPorts() {
        assertTrue(upOutput.contains("SMTP " + MX + ", submission " + SUBMISSION), upOutput);
        assertTrue(upOutput.contains("POP3 " + POP3), upOutput);
        assertTrue(upOutput.contains("IMAP " + IMAP + " (STARTTLS)"), upOutput);
        assertTrue(upOutput.contains("deploy/local/mailctl"), upOutput);
    }

    /** The lecture's SMTP dialogue to the MX port, then POP3 and IMAP logins typed in plain text. */
    @Test
    @Order(2)
    void theLecturesDialoguesWorkTypedByHandWithoutTls() throws Exception {
        try (LineDialogue smtp = new LineDialogue(MX)) {
            assertTrue(smtp.line().startsWith("220 example.test"));
            assertTrue(smtp.say("HELO crepes.fr").startsWith("250 example.test Hello crepes.fr"));
            assertTrue(smtp.say("MAIL FROM: alice@crepes.fr").startsWith("250 "), "the lecture's MAIL FROM without angle brackets");
            assertTrue(smtp.say("RCPT TO: bob@example.test").startsWith("250 "));
            assertTrue(smtp.say("DATA").startsWith("354 "));
            smtp.type("Do you like ketchup?");
            smtp.type("How about pickles?");
            assertTrue(smtp.say(".").startsWith("250 "));
            assertTrue(smtp.say("QUIT").startsWith("221 "));
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> pop3Count("bob", DEMO_PASSWORD) == 1);
        try (LineDialogue pop3 = new LineDialogue(POP3)) {
            assertTrue(pop3.line().startsWith("+OK"));
            assertTrue(pop3.say("USER bob").startsWith("+OK"));
            assertTrue(pop3.say("PASS " + DEMO_PASSWORD).startsWith("+OK"), "plain-text PASS from loopback on the local stack");
            assertTrue(pop3.say("RETR 1").startsWith("+OK"));
            List<String> message = pop3.until(".");
            assertTrue(message.contains("How about pickles?"), message.toString());
            assertTrue(pop3.say("QUIT").startsWith("+OK"));
        }
        try (LineDialogue imap = new LineDialogue(IMAP)) {
            String greeting = imap.line();
            assertFalse(greeting.contains("LOGINDISABLED"), greeting);
            imap.type("a1 LOGIN bob " + DEMO_PASSWORD);
            assertTrue(last(imap.until("a1 ")).startsWith("a1 OK"));
            imap.type("a2 SELECT INBOX");
            List<String> selected = imap.until("a2 ");
            assertTrue(selected.contains("* 1 EXISTS"), selected.toString());
            imap.type("a3 LOGOUT");
            imap.until("a3 ");
        }
    }

    @Test
    @Order(3)
    void anOperatorAddsADomainAndTwoHundredAccountsFromCsv() throws Exception {
        assertEquals(0, mailctl("domain", "add", "school.test").status());
        StringBuilder csv = new StringBuilder("address,password,quota\n");
        for (int i = 1; i <= 200; i++) {
            csv.append(String.format("student%03d@school.test,student-pw-%03d,%s%n", i, i, i == 1 ? "\"2G\"" : ""));
        }
        Path file = Files.writeString(STACK.resolve("students.csv"), csv);
        Run imported = mailctl("account", "import", file.toString());
        assertEquals(0, imported.status(), imported.output());
        assertTrue(imported.output().contains("created 200, already there 0, failed 0"), imported.output());
        Run again = mailctl("account", "import", file.toString());
        assertTrue(again.output().contains("created 0, already there 200, failed 0"), again.output());

        Run listed = mailctl("account", "list", "--domain", "school.test");
        List<String> rows = listed.output().lines().filter(l -> l.startsWith("student")).toList();
        assertEquals(200, rows.size(), listed.output());
        assertTrue(rows.get(0).matches("student001@school\\.test\\s+2G\\s+enabled\\s+\\d+"), rows.get(0));
        assertTrue(imapLogin("student200@school.test", "student-pw-200"));
    }

    @Test
    @Order(4)
    void passwordDisableAndAliasTakeEffectAtOnce() throws Exception {
        assertTrue(imapLogin("student001@school.test", "student-pw-001"));
        Run changed = mailctlWithInput("new-password-001\n", "account", "password", "student001@school.test", "--password-stdin");
        assertEquals(0, changed.status(), changed.output());
        assertFalse(imapLogin("student001@school.test", "student-pw-001"), "the old password, cached by the gateway, is void");
        assertTrue(imapLogin("student001@school.test", "new-password-001"));

        assertEquals(0, mailctl("account", "disable", "student002@school.test").status());
        assertFalse(imapLogin("student002@school.test", "student-pw-002"));
        assertEquals(0, mailctl("account", "enable", "student002@school.test").status());
        assertTrue(imapLogin("student002@school.test", "student-pw-002"));

        assertEquals(0, mailctl("account", "quota", "student003@school.test", "50M").status());
        assertTrue(mailctl("account", "list", "--domain", "school.test").output().lines()
                .anyMatch(l -> l.matches("student003@school\\.test\\s+50M\\s+enabled.*")));

        Run alias = mailctl("alias", "add", "teacher@school.test", "student003@school.test");
        assertEquals(0, alias.status(), alias.output());
        try (LineDialogue smtp = new LineDialogue(MX)) {
            smtp.line();
            smtp.say("HELO crepes.fr");
            smtp.say("MAIL FROM:<parent@crepes.fr>");
            assertTrue(smtp.say("RCPT TO:<teacher@school.test>").startsWith("250 "));
            smtp.say("DATA");
            smtp.type("Subject: homework");
            smtp.type("");
            smtp.type("Where is it?");
            assertTrue(smtp.say(".").startsWith("250 "));
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> pop3Count("student003@school.test", "student-pw-003") == 1);
        assertTrue(mailctl("alias", "list").output().contains("teacher@school.test  student003@school.test"));
        assertEquals(0, mailctl("alias", "remove", "teacher@school.test").status());
        assertFalse(mailctl("alias", "list").output().contains("teacher@school.test"));
    }

    /** A message to a host that refuses: queued for a retry; list, show, retry now, then purge, like postqueue and postsuper. */
    @Test
    @Order(5)
    void theQueueIsListedShownRetriedAndPurged() throws Exception {
        try (LineDialogue smtp = new LineDialogue(SUBMISSION)) {
            smtp.line();
            smtp.type("EHLO laptop.example.test");
            smtp.until("250 ");
            String credentials = Base64.getEncoder().encodeToString(("\0alice@example.test\0" + DEMO_PASSWORD).getBytes(StandardCharsets.UTF_8));
            assertTrue(smtp.say("AUTH PLAIN " + credentials).startsWith("235 "), "AUTH in plain text from loopback on the local stack");
            smtp.say("MAIL FROM:<alice@example.test>");
            assertTrue(smtp.say("RCPT TO:<someone@stuck.test>").startsWith("250 "));
            smtp.say("DATA");
            smtp.type("From: alice@example.test");
            smtp.type("To: someone@stuck.test");
            smtp.type("Subject: are you there?");
            smtp.type("");
            smtp.type("Hello?");
            assertTrue(smtp.say(".").startsWith("250 "));
        }
        // the first attempt was refused: the message waits in a retry tier
        Pattern row = Pattern.compile("^(\\S+)\\s.*\\sdeferred\\s.*someone@stuck\\.test$", Pattern.MULTILINE);
        String[] queueId = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Matcher m = row.matcher(mailctl("queue", "list").output());
            if (m.find()) {
                queueId[0] = m.group(1);
                return true;
            }
            return false;
        });
        Run shown = mailctl("queue", "show", queueId[0]);
        assertTrue(shown.output().contains("recipients:  someone@stuck.test"), shown.output());
        assertTrue(shown.output().lines().anyMatch(l -> l.startsWith("sender:") && l.contains("alice@example.test")), shown.output());

        Run retried = mailctl("queue", "retry", queueId[0]);
        assertEquals(0, retried.status(), retried.output());
        assertTrue(retried.output().startsWith(queueId[0] + ": "), retried.output());

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Run purged = mailctl("queue", "purge", queueId[0]);
            return purged.status() == 0 && purged.output().contains("purge");
        });
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !mailctl("queue", "list").output().contains(queueId[0]));
        Run missing = mailctl("queue", "show", queueId[0]);
        assertEquals(1, missing.status());
        assertTrue(missing.output().contains("no queued message " + queueId[0]), missing.output());
    }

    @Test
    @Order(6)
    void doctorChecksHealthPortsCertificatesAndDns() throws Exception {
        Run clean = mailctl("doctor", "--no-dns");
        assertEquals(0, clean.status(), clean.output());
        for (String check : List.of("health mailbox-service", "health webmail-api", "port smtp 127.0.0.1:" + MX,
                "port imap 127.0.0.1:" + IMAP, "port pop3s 127.0.0.1:" + (3995 + OFFSET), "certificate imaps")) {
            assertTrue(clean.output().lines().anyMatch(l -> l.startsWith("OK ") && l.contains(check)), check + " in\n" + clean.output());
        }

        Run records = mailctl("dns", "school.test");
        assertTrue(records.output().contains("_imaps._tcp.school.test. 3600 IN SRV 0 1 993 mail.example.test."), records.output());
        try (LoopbackDnsServer dns = new LoopbackDnsServer()) {
            publish(dns, "school.test");
            publish(dns, "example.test");
            dns.remove("example.test").txt("example.test", "v=spf1 -all"); // an SPF record that differs, and no MX
            Run checked = mailctl("doctor", "--dns-server", dns.address());
            assertEquals(0, checked.status(), "DNS differences warn: " + checked.output());
            assertTrue(checked.output().lines().filter(l -> l.contains("school.test")).allMatch(l -> l.startsWith("OK ")), checked.output());
            assertTrue(checked.output().lines().anyMatch(l -> l.startsWith("WARN") && l.contains("dns TXT example.test") && l.contains("v=spf1 -all")),
                    checked.output());
            assertTrue(checked.output().lines().anyMatch(l -> l.startsWith("WARN") && l.contains("dns MX example.test") && l.contains("not published")),
                    checked.output());
            Run strict = mailctl("doctor", "--no-dns", "--port", "imap=127.0.0.1:" + unreachablePort);
            assertEquals(1, strict.status(), strict.output());
            assertTrue(strict.output().contains("FAIL  port imap 127.0.0.1:" + unreachablePort), strict.output());
        }
    }

    // ---- helpers ----

    private static void publish(LoopbackDnsServer dns, String domain) throws Exception {
        for (String line : mailctl("dns", domain).output().lines().toList()) {
            String[] parts = line.split(" ", 5); // name. 3600 IN TYPE data
            String name = parts[0].substring(0, parts[0].length() - 1);
            switch (parts[3]) {
                case "TXT" -> dns.txtStrings(name, unquote(parts[4]));
                case "MX" -> dns.mx(name, Integer.parseInt(parts[4].split(" ")[0]), parts[4].split(" ")[1]);
                case "CNAME" -> dns.add(name, org.xbill.DNS.Type.CNAME, parts[4]);
                case "SRV" -> dns.add(name, org.xbill.DNS.Type.SRV, parts[4]);
                default -> throw new AssertionError("unexpected record " + line);
            }
        }
    }

    private static List<String> unquote(String data) {
        List<String> strings = new ArrayList<>();
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(data);
        while (m.find()) {
            strings.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return strings;
    }

    private static boolean imapLogin(String user, String password) throws IOException {
        try (LineDialogue imap = new LineDialogue(IMAP)) {
            imap.line();
            imap.type("a1 LOGIN " + user + " " + password);
            boolean ok = last(imap.until("a1 ")).startsWith("a1 OK");
            imap.type("a2 LOGOUT");
            return ok;
        }
    }

    private static int pop3Count(String user, String password) throws IOException {
        try (LineDialogue pop3 = new LineDialogue(POP3)) {
            pop3.line();
            pop3.say("USER " + user);
            String pass = pop3.say("PASS " + password);
            if (!pass.startsWith("+OK")) {
                return -1;
            }
            String stat = pop3.say("STAT");
            pop3.say("QUIT");
            return Integer.parseInt(stat.split(" ")[1]);
        }
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    private static boolean open(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static Run mailctl(String... args) throws Exception {
        return mailctlWithInput(null, args);
    }

    static Run mailctlWithInput(String input, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "deploy/local/mailctl";
        System.arraycopy(args, 0, command, 1, args.length);
        return run(Duration.ofMinutes(3), input, command);
    }

    /** Runs a script of the repository with the test stack's settings and none of the suite's own. */
    static Run run(Duration limit, String input, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        // the suite's Kafka, database and settings are not this stack's
        env.keySet().removeIf(k -> k.startsWith("MAIL_") || k.startsWith("QUARKUS_") || k.startsWith("KAFKA_") || k.startsWith("PG"));
        Map<String, String> stack = new HashMap<>();
        stack.put("MAIL_STACK_DIR", STACK.toString());
        stack.put("MAIL_PORT_OFFSET", Integer.toString(OFFSET));
        stack.put("MAIL_DOMAIN", "example.test");
        stack.put("DEMO_PASSWORD", DEMO_PASSWORD);
        stack.put("MAIL_TOPIC_PARTITIONS", "3");
        stack.put("MAIL_RELAY_TRANSPORT_MAP", "stuck.test=127.0.0.1:" + unreachablePort);
        env.putAll(stack);
        Path output = Files.createTempFile("local-stack", ".out");
        builder.redirectOutput(output.toFile());
        Process process = builder.start();
        if (input != null) {
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " ran longer than " + limit + ":\n" + Files.readString(output));
        }
        String text = Files.readString(output);
        Files.delete(output);
        return new Run(process.exitValue(), text);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

package edu.hamburger.mail.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.mailbox.client.MailboxLookups;
import edu.hamburger.mail.mailbox.client.MailboxServiceProcess;
import edu.hamburger.mail.mailbox.client.TestKeystore;
import edu.hamburger.mail.pop3.transport.Pop3Server;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** fetchmail (STLS) and getmail6 (POP3S), from Debian, download every message of a test account. */
@QuarkusTest
@QuarkusTestResource(value = MailboxServiceProcess.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TestKeystore.class, restrictToAnnotatedClass = true)
class FetchmailGetmailTest {

    static final String PASSWORD = MailboxLookups.ACCOUNT_PASSWORD;

    @Inject
    Pop3Server server;

    private static Object[] accountWithThreeMessages() {
        String local = "fetch-" + UUID.randomUUID().toString().substring(0, 8);
        long id = MailboxLookups.createAccount(local);
        for (int i = 1; i <= 3; i++) {
            MailboxLookups.appendToInbox(id, ("Subject: message " + i + "\r\nMessage-ID: <m" + i + "." + local + "@example.test>\r\n\r\n"
                    + "body " + i + " 케첩\r\n").getBytes(StandardCharsets.UTF_8));
        }
        return new Object[] {id, local + "@example.test"};
    }

    private static String run(Path dir, List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "finished: " + command);
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
        return output;
    }

    @Test
    void fetchmailDownloadsEverythingOverStls() throws Exception {
        Object[] account = accountWithThreeMessages();
        Path dir = Files.createTempDirectory("fetchmail");
        Path mbox = dir.resolve("mbox");
        Path rc = dir.resolve("fetchmailrc");
        Files.writeString(rc, "set no bouncemail\n"
                + "poll localhost protocol POP3 port " + server.port(false) + "\n"
                + "  user \"" + account[1] + "\" password \"" + PASSWORD + "\"\n"
                + "  sslproto 'TLS1.2+' sslcertck sslcertfile \"" + TestKeystore.CERTIFICATE + "\"\n"
                + "  fetchall nokeep mda \"/bin/sh -c 'cat >> " + mbox + "'\"\n");
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
        String output = run(dir, List.of("fetchmail", "--nodetach", "--nosyslog", "-f", rc.toString(),
                "--pidfile", dir.resolve("pid").toString()));
        String downloaded = Files.readString(mbox, StandardCharsets.UTF_8);
        for (int i = 1; i <= 3; i++) {
            assertTrue(downloaded.contains("Subject: message " + i) && downloaded.contains("body " + i + " 케첩"), output + downloaded);
        }
        assertEquals(List.of(), MailboxLookups.inboxUids((long) account[0]), "fetchmail deleted what it fetched");
    }

    @Test
    void getmailDownloadsEverythingOverPop3s() throws Exception {
        Object[] account = accountWithThreeMessages();
        Path dir = Files.createTempDirectory("getmail");
        Path maildir = dir.resolve("Maildir");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        Files.writeString(dir.resolve("getmailrc"), "[retriever]\n"
                + "type = SimplePOP3SSLRetriever\nserver = localhost\nport = " + server.port(true) + "\n"
                + "username = " + account[1] + "\npassword = " + PASSWORD + "\n"
                + "ca_certs = " + TestKeystore.CERTIFICATE + "\n"
                // getmail refuses Maildir delivery as root (CI runs as root): an external MDA it may run
                + "[destination]\ntype = MDA_external\npath = /bin/sh\nallow_root_commands = true\n"
                + "arguments = (\"-c\", \"cat > " + maildir.resolve("new") + "/msg.$$\")\n"
                + "[options]\ndelete = true\nread_all = true\nverbose = 1\n");
        String output = run(dir, List.of("getmail", "--rcfile=getmailrc", "--getmaildir=" + dir));
        try (Stream<Path> files = Files.list(maildir.resolve("new"))) {
            List<String> messages = files.map(p -> {
                try {
                    return Files.readString(p, StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            assertEquals(3, messages.size(), output);
            for (int i = 1; i <= 3; i++) {
                int n = i;
                assertTrue(messages.stream().anyMatch(m -> m.contains("Subject: message " + n) && m.contains("body " + n + " 케첩")), output);
            }
        }
        assertEquals(List.of(), MailboxLookups.inboxUids((long) account[0]), "getmail deleted what it fetched");
    }
}

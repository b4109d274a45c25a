package edu.hamburger.mail.imap;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import edu.hamburger.mail.imap.transport.ImapServer;
import edu.hamburger.mail.mailbox.client.MailboxLookups;
import edu.hamburger.mail.mailbox.client.MailboxServiceProcess;
import edu.hamburger.mail.mailbox.client.TestKeystore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * IMAP dialogue scripts (src/test/resources/dialogues/*.imap) over real sockets against the real
 * mailbox-service: each "C:" line is sent as is, each "S:" line is a regular expression the next
 * server line must match whole. Every script gets a fresh account with the messages its
 * "# message:" lines give (\r\n written as \\r\\n); ${USER} and ${PASSWORD} are that account's.
 */
@QuarkusTest
@QuarkusTestResource(value = MailboxServiceProcess.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TestKeystore.class, restrictToAnnotatedClass = true)
class ImapDialogueTest {

    static final String PASSWORD = MailboxLookups.ACCOUNT_PASSWORD;

    @Inject
    ImapServer server;

    static Stream<String> scripts() {
        return Stream.of("capability-and-login", "starttls", "mailboxes", "select-fetch", "store-search", "copy-move-expunge",
                "append-literals", "condstore-qresync", "errors");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void dialogue(String name) throws Exception {
        List<String> lines = read(name);
        String local = "imap-" + UUID.randomUUID().toString().substring(0, 8);
        long account = MailboxLookups.createAccount(local);
        boolean plain = false;
        for (String line : lines) {
            if (line.startsWith("# message: ")) {
                MailboxLookups.appendToInbox(account, line.substring("# message: ".length()).replace("\\r\\n", "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
            } else if (line.equals("# connect: plain")) {
                plain = true;
            }
        }
        try (ImapTestClient client = plain ? ImapTestClient.plain(server.port(false)) : ImapTestClient.tls(server.port(true))) {
            if (lines.stream().filter(l -> l.startsWith("C: ") || l.startsWith("S: ")).findFirst().orElse("").startsWith("C: ")) {
                String greeting = client.line(); // scripts that start with the client take the greeting as read
                assertTrue(greeting != null && greeting.startsWith("* OK [CAPABILITY IMAP4rev1"), greeting);
            }
            int number = 0;
            java.util.Map<String, String> variables = new java.util.HashMap<>();
            String user = local + "@example.test";
            variables.put("USER", user);
            variables.put("USERLEN", Integer.toString(user.length()));
            variables.put("PASSWORD", PASSWORD);
            variables.put("PLAIN", java.util.Base64.getEncoder().encodeToString(("\0" + user + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
            for (String raw : lines) {
                number++;
                String line = raw;
                for (var variable : variables.entrySet()) {
                    line = line.replace("${" + variable.getKey() + "}", variable.getValue());
                }
                if (line.startsWith("C: ")) {
                    client.send(line.substring(3).replace("\\r\\n", "\r\n"));
                } else if (line.equals("TLS")) {
                    client.startTls();
                } else if (line.startsWith("S: ")) {
                    String got = client.line();
                    String expected = line.substring(3);
                    var matcher = Pattern.compile(expected, Pattern.DOTALL).matcher(got == null ? "" : got);
                    if (got == null || !matcher.matches()) {
                        fail(name + ".imap line " + number + ": expected /" + expected + "/ but the server said: " + got);
                    }
                    var groups = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>").matcher(expected);
                    while (groups.find()) {
                        variables.put(groups.group(1), matcher.group(groups.group(1)));
                    }
                } else if (line.equals("S: <closed>") || line.equals("CLOSED")) {
                    assertTrue(client.closedByServer(), name + ".imap line " + number + ": the server should have closed");
                }
            }
        }
    }

    private static List<String> read(String name) throws IOException {
        try (InputStream in = ImapDialogueTest.class.getResourceAsStream("/dialogues/" + name + ".imap")) {
            if (in == null) {
                throw new IOException("no script " + name);
            }
            List<String> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && (!line.startsWith("#") || line.startsWith("# message: ") || line.startsWith("# connect: "))) {
                    lines.add(line.stripTrailing());
                }
            }
            return lines;
        }
    }
}

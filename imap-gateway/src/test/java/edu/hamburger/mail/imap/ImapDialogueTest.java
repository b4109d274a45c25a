package edu.hamburger.mail.imap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.imap.transport.ImapServer;
import edu.hamburger.mail.line.testing.DialogueScript;
import edu.hamburger.mail.mailbox.client.MailboxLookups;
import edu.hamburger.mail.mailbox.client.MailboxServiceProcess;
import edu.hamburger.mail.mailbox.client.TestKeystore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * IMAP dialogue scripts (src/test/resources/dialogues/*.imap) over real sockets against the real
 * mailbox-service, run by the same {@link DialogueScript} as the in-memory tests: each "C:" line
 * is sent as is, each "S:" line is a regular expression the next server line must match whole.
 * Every script gets a fresh account with the messages its "# message:" lines give (\r\n written
 * as \\r\\n); ${USER} and ${PASSWORD} are that account's.
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
                "append-literals", "condstore-qresync", "errors", "atoms", "message-rfc822", "sort-thread", "esearch", "searchres", "binary-objectid", "imap4rev2-utf8");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void dialogue(String name) throws Exception {
        DialogueScript script = DialogueScript.load(ImapDialogueTest.class, name + ".imap");
        String local = "imap-" + UUID.randomUUID().toString().substring(0, 8);
        long account = MailboxLookups.createAccount(local);
        for (String message : script.setup("# message: ")) {
            MailboxLookups.appendToInbox(account, message.replace("\\r\\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        boolean plain = script.setup("# connect: ").contains("plain");
        try (ImapTestClient client = plain ? ImapTestClient.plain(server.port(false)) : ImapTestClient.tls(server.port(true))) {
            if (script.clientFirst()) {
                String greeting = client.line(); // scripts that start with the client take the greeting as read
                assertTrue(greeting != null && greeting.startsWith("* OK [CAPABILITY IMAP4rev1"), greeting);
            }
            String user = local + "@example.test";
            script.run(new DialogueScript.Client() {
                @Override
                public void send(String text) throws Exception {
                    client.send(text);
                }

                @Override
                public String line() throws Exception {
                    return client.line();
                }

                @Override
                public void startTls() throws Exception {
                    client.startTls();
                }

                @Override
                public boolean closedByServer() throws Exception {
                    return client.closedByServer();
                }
            }, Map.of("USER", user, "USERLEN", Integer.toString(user.length()), "PASSWORD", PASSWORD,
                    "PLAIN", Base64.getEncoder().encodeToString(("\0" + user + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8))));
        }
    }
}

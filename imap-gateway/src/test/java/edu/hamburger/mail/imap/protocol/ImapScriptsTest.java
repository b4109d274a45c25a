package edu.hamburger.mail.imap.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import edu.hamburger.mail.imap.port.ChangeFeed;
import edu.hamburger.mail.imap.transport.ImapLineSession;
import edu.hamburger.mail.line.sasl.FailedLoginPolicy;
import edu.hamburger.mail.line.testing.DialogueScript;
import edu.hamburger.mail.line.testing.ScriptedConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * IMAP dialogue scripts run in memory: the real protocol and transport over an in-memory store
 * (no socket, no mailbox-service). The same .imap files as the socket tests where the in-memory
 * store models what they use, plus scripts of their own. "# message: ..." fills the INBOX;
 * "# quota: N", "# message-quota: N" and "# max-message: N" set the store's limits; "# connect: plain" starts outside TLS.
 */
class ImapScriptsTest {

    static final String USER = InMemoryMailboxPort.BOB.address();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"capability-and-login", "starttls", "errors", "mailboxes", "copy-move-expunge", "condstore-qresync",
        "quota-and-size", "quota", "select-syntax-leaves-session", "literals-and-limits", "login-later", "atoms", "bad-commands", "esearch", "searchres", "quota-messages"})
    void script(String name) throws Exception {
        DialogueScript script = DialogueScript.load(ImapScriptsTest.class, name + ".imap");
        InMemoryMailboxPort store = new InMemoryMailboxPort();
        script.setup("# message: ").forEach(m -> store.deliver("INBOX", m.replace("\\r\\n", "\r\n")));
        script.setup("# quota: ").forEach(q -> store.quotaBytes = Long.parseLong(q));
        script.setup("# message-quota: ").forEach(q -> store.quotaMessages = Long.parseLong(q));
        script.setup("# max-message: ").forEach(q -> store.maxMessage = Long.parseLong(q));
        boolean plain = script.setup("# connect: ").contains("plain");
        try (ScriptedConnection connection = connect(store, !plain)) {
            DialogueScript.Client client = DialogueScript.inMemory(connection, true);
            if (script.clientFirst()) {
                assertEquals(true, client.line().startsWith("* OK [CAPABILITY IMAP4rev1"));
            }
            script.run(client, Map.of("USER", USER, "USERLEN", Integer.toString(USER.length()), "PASSWORD", "secret",
                    "PLAIN", Base64.getEncoder().encodeToString(("\0" + USER + "\0secret").getBytes(StandardCharsets.UTF_8))));
        }
    }

    static ScriptedConnection connect(InMemoryMailboxPort store, boolean tls) {
        ImapProtocol protocol = new ImapProtocol(new ImapProtocol.Policy("example.test", false,
                new FailedLoginPolicy(3, Duration.ZERO), 100_000, 1 << 20), store);
        ImapSession session = new ImapSession("imap-test", "192.0.2.7", false, tls, true);
        return new ScriptedConnection(new ImapLineSession(session, protocol, new ChangeFeed(),
                new ImapLineSession.Limits(8192, 65536, 4096, 100_000, Duration.ofMinutes(30), Duration.ofSeconds(60))));
    }
}

package edu.hamburger.mail.pop3.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.line.sasl.FailedLoginPolicy;
import edu.hamburger.mail.line.testing.DialogueScript;
import edu.hamburger.mail.line.testing.ScriptedConnection;
import edu.hamburger.mail.pop3.transport.Pop3LineSession;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * POP3 dialogue scripts (src/test/resources/dialogues/*.pop3) run in memory: the real protocol
 * and transport over an in-memory maildrop. "# message: ..." lines fill Bob's INBOX;
 * "# connect: tls" starts inside TLS; "# left: N" is how many messages the INBOX holds at the end.
 */
class Pop3ScriptsTest {

    private final InMemoryMaildrops maildrops = new InMemoryMaildrops();

    private ScriptedConnection connect(boolean tls, String id) {
        Pop3Protocol protocol = new Pop3Protocol(new Pop3Protocol.Policy("example.test", false,
                new FailedLoginPolicy(3, Duration.ZERO)), maildrops);
        return new ScriptedConnection(new Pop3LineSession(new Pop3Session("192.0.2.7", false, tls, true, id), protocol,
                new Pop3LineSession.Limits(255, 12288, Duration.ofMinutes(10), Duration.ofMinutes(1))));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"download-and-delete", "stls-and-sasl", "errors", "login-later"})
    void script(String name) throws Exception {
        DialogueScript script = DialogueScript.load(Pop3ScriptsTest.class, name + ".pop3");
        script.setup("# message: ").forEach(m -> maildrops.deliver(m.replace("\\r\\n", "\r\n")));
        try (ScriptedConnection connection = connect(script.setup("# connect: ").contains("tls"), "pop3-test-1")) {
            script.run(DialogueScript.inMemory(connection, false), Map.of());
        }
        for (String left : script.setup("# left: ")) {
            assertEquals(Integer.parseInt(left), maildrops.inbox.size(), "messages left in the INBOX");
        }
        assertTrue(maildrops.locks.isEmpty(), "the maildrop lock is given back however the session ends");
    }

    @Test
    void aSecondSessionFindsTheMaildropLockedAndAnEndWithoutQuitDeletesNothing() throws Exception {
        maildrops.deliver("Subject: one\r\n\r\nbody\r\n");
        try (ScriptedConnection first = connect(true, "pop3-a"); ScriptedConnection second = connect(true, "pop3-b")) {
            first.line();
            second.line();
            first.send("USER bob@example.test\r\nPASS secret\r\nDELE 1\r\n");
            first.line();
            assertTrue(first.line().startsWith("+OK maildrop has 1 messages"));
            assertEquals("+OK message 1 deleted", first.line());
            second.send("USER bob@example.test\r\nPASS secret\r\n");
            second.line();
            assertEquals("-ERR [IN-USE] maildrop already locked by another session", second.line());
        }
        assertEquals(1, maildrops.inbox.size(), "DELE without QUIT removes nothing (RFC 1939 §6)");
        assertTrue(maildrops.locks.isEmpty());
    }

    @Test
    void theMaildropLeaseIsRenewedWhileTheSessionLasts() throws Exception {
        try (ScriptedConnection c = connect(true, "pop3-lease")) {
            c.line();
            c.send("USER bob@example.test\r\nPASS secret\r\n");
            c.line();
            c.line();
            maildrops.locks.clear(); // as if the lease had expired in the store
            c.advance(Duration.ofMinutes(1));
            assertEquals("pop3-lease", maildrops.locks.get(InMemoryMaildrops.BOB.accountId()), "renewed by the periodic task");
        }
    }

    @Test
    void theIdleClientIsLoggedOutAfterTenMinutes() throws Exception {
        ScriptedConnection c = connect(true, "pop3-idle");
        c.line();
        c.advance(Duration.ofMinutes(10));
        assertEquals("-ERR autologout: idle too long", c.line());
        assertTrue(c.ended());
    }
}

package edu.hamburger.mail.pop3.protocol;

import static org.awaitility.Awaitility.await;
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
        return connect(tls, id, Duration.ZERO);
    }

    private ScriptedConnection connect(boolean tls, String id, Duration lockWait) {
        Pop3Protocol protocol = new Pop3Protocol(new Pop3Protocol.Policy("example.test", false,
                new FailedLoginPolicy(3, Duration.ZERO), lockWait), maildrops);
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
    void aLoginWaitsForTheSessionHoldingTheMaildropToEnd() throws Exception {
        maildrops.deliver("Subject: one\r\n\r\nbody\r\n");
        maildrops.deliver("Subject: two\r\n\r\nbody\r\n");
        try (ScriptedConnection first = connect(true, "pop3-a"); ScriptedConnection second = connect(true, "pop3-b", Duration.ofSeconds(30))) {
            first.line();
            second.line();
            first.send("USER bob@example.test\r\nPASS secret\r\nDELE 1\r\n");
            first.line();
            assertTrue(first.line().startsWith("+OK maildrop has 2 messages"));
            first.line();
            second.send("USER bob@example.test\r\nPASS secret\r\n");
            second.line();
            await().atMost(Duration.ofSeconds(5)).until(() -> maildrops.lockAttempts.get() >= 3); // asked, and asked again
            first.send("QUIT\r\n");
            assertTrue(first.line().startsWith("+OK"));
            assertEquals("+OK maildrop has 1 messages (" + maildrops.inbox.firstEntry().getValue().length + " octets)", second.line(),
                    "the waiting login got the maildrop as the first session left it");
            second.send("QUIT\r\n");
            second.line();
        }
        assertTrue(maildrops.locks.isEmpty());
    }

    @Test
    void aLoginStillLockedOutWhenItsWaitEndsGetsInUse() throws Exception {
        try (ScriptedConnection first = connect(true, "pop3-a"); ScriptedConnection second = connect(true, "pop3-b", Duration.ofMillis(400))) {
            first.line();
            second.line();
            first.send("USER bob@example.test\r\nPASS secret\r\n");
            first.line();
            first.line();
            long started = System.nanoTime();
            second.send("USER bob@example.test\r\nPASS secret\r\n");
            second.line();
            assertEquals("-ERR [IN-USE] maildrop already locked by another session", second.line());
            assertTrue(System.nanoTime() - started >= Duration.ofMillis(300).toNanos(), "it waited before refusing");
            assertTrue(maildrops.lockAttempts.get() >= 4, "it asked again while it waited: " + maildrops.lockAttempts.get());
        }
    }

    @Test
    void aClientThatLeavesWhileItsLoginWaitsLeavesNoLockBehind() throws Exception {
        ScriptedConnection first = connect(true, "pop3-a");
        first.line();
        first.send("USER bob@example.test\r\nPASS secret\r\n");
        first.line();
        first.line();
        try (ScriptedConnection second = connect(true, "pop3-b", Duration.ofSeconds(30))) {
            second.line();
            second.send("USER bob@example.test\r\nPASS secret\r\n");
            second.line();
            await().atMost(Duration.ofSeconds(5)).until(() -> maildrops.lockAttempts.get() >= 3);
        } // the second client goes away while its login waits
        int triedBeforeLeaving = maildrops.lockAttempts.get();
        first.send("QUIT\r\n");
        first.line();
        first.close();
        // the waiting login stops asking: no lock is taken for a client that has gone (its
        // pauses are at most 250 ms)
        await().during(Duration.ofMillis(750)).atMost(Duration.ofSeconds(2))
                .until(() -> maildrops.lockAttempts.get() == triedBeforeLeaving && maildrops.locks.isEmpty());
        assertEquals(Map.of(), maildrops.locks);
    }

    /** Reads the multi-line answer after a +OK line, undoing the dot-stuffing. */
    private static String body(ScriptedConnection c) throws Exception {
        StringBuilder text = new StringBuilder();
        for (String line = c.line(); !line.equals("."); line = c.line()) {
            text.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
        }
        return text.toString();
    }

    @Test
    void retrReadsAheadInOneCallSkippingDeletedAndLargeMessages() throws Exception {
        for (int i = 1; i <= 6; i++) {
            maildrops.deliver("Subject: " + i + "\r\n\r\n" + (i == 5 ? "x".repeat(1100 * 1024) : ".dot line " + i) + "\r\n");
        }
        try (ScriptedConnection c = connect(true, "pop3-ahead")) {
            c.line();
            c.send("USER bob@example.test\r\nPASS secret\r\nDELE 3\r\n");
            c.line();
            c.line();
            c.line();
            for (int i : new int[] {1, 2, 4, 5, 6}) {
                c.send("RETR " + i + "\r\n");
                assertTrue(c.line().startsWith("+OK"));
                String message = body(c);
                assertTrue(message.startsWith("Subject: " + i + "\r\n"), message.substring(0, Math.min(40, message.length())));
                assertEquals(i == 5 ? "x".repeat(1100 * 1024) + "\r\n" : ".dot line " + i + "\r\n",
                        message.substring(message.indexOf("\r\n\r\n") + 4));
            }
            // 1, 2 and 4 in one call (3 deleted; 5 is too large to join them); 5 alone; 6 read ahead
            // while the client read 5
            assertEquals(2, maildrops.batchReads);
            assertEquals(1, maildrops.singleReads);
            c.send("TOP 1 0\r\n"); // TOP after RETR: the message is read again, nothing held for it
            assertTrue(c.line().startsWith("+OK"));
            assertEquals("Subject: 1\r\n\r\n", body(c));
            assertEquals(2, maildrops.singleReads);
        }
    }

    @Test
    void theNextReadAheadStartsBeforeTheClientReachesIt() throws Exception {
        int messages = 2 * Pop3Protocol.READ_AHEAD_MESSAGES + 10;
        for (int i = 1; i <= messages; i++) {
            maildrops.deliver("Subject: " + i + "\r\n\r\nbody " + i + "\r\n");
        }
        try (ScriptedConnection c = connect(true, "pop3-pipeline")) {
            c.line();
            c.send("USER bob@example.test\r\nPASS secret\r\n");
            c.line();
            c.line();
            int half = Pop3Protocol.READ_AHEAD_MESSAGES / 2;
            for (int i = 1; i <= messages; i++) {
                c.send("RETR " + i + "\r\n");
                assertTrue(c.line().startsWith("+OK"));
                assertEquals("Subject: " + i + "\r\n\r\nbody " + i + "\r\n", body(c));
                // the second call starts once fewer than half a call is left ahead of the client,
                // long before RETR of its first message; the third likewise
                int expected = i <= half ? 1 : i <= Pop3Protocol.READ_AHEAD_MESSAGES + half ? 2 : 3;
                assertEquals(expected, maildrops.batchReads, "read-ahead calls after RETR " + i);
            }
            assertEquals(0, maildrops.singleReads);
        }
    }

    @Test
    void aReadAheadThatFailsFallsBackToReadingTheMessageAlone() throws Exception {
        for (int i = 1; i <= 3; i++) {
            maildrops.deliver("Subject: " + i + "\r\n\r\nbody\r\n");
        }
        maildrops.failBatchReads = true;
        try (ScriptedConnection c = connect(true, "pop3-ahead-fails")) {
            c.line();
            c.send("USER bob@example.test\r\nPASS secret\r\n");
            c.line();
            c.line();
            for (int i = 1; i <= 3; i++) {
                c.send("RETR " + i + "\r\n");
                assertTrue(c.line().startsWith("+OK"));
                assertEquals("Subject: " + i + "\r\n\r\nbody\r\n", body(c));
            }
            assertEquals(3, maildrops.singleReads);
        }
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

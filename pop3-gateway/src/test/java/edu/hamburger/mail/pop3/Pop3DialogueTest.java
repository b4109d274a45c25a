package edu.hamburger.mail.pop3;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.mailbox.client.MailboxLookups;
import edu.hamburger.mail.mailbox.client.MailboxServiceProcess;
import edu.hamburger.mail.mailbox.client.TestKeystore;
import edu.hamburger.mail.pop3.transport.Pop3Server;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.regex.Pattern;
import edu.hamburger.mail.line.testing.ListenerRules;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POP3 dialogues over real sockets against the real mailbox-service (RFC 1939, 2449, 2595, 5034). */
@QuarkusTest
@QuarkusTestResource(value = MailboxServiceProcess.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TestKeystore.class, restrictToAnnotatedClass = true)
class Pop3DialogueTest {

    static final String PASSWORD = MailboxLookups.ACCOUNT_PASSWORD;

    @Inject
    edu.hamburger.mail.pop3.Pop3Settings settings;

    @Inject
    Pop3Server server;

    /** A fresh account with these messages in its INBOX; returns its id and local part. */
    private static Object[] accountWith(String... messages) {
        MailboxLookups.TestAccount account = MailboxLookups.freshAccount("pop", messages);
        return new Object[] {account.id(), account.address()};
    }

    private Pop3TestClient login(String user) throws Exception {
        Pop3TestClient c = Pop3TestClient.tls(server.port(true));
        assertTrue(c.line().startsWith("+OK"));
        c.send("USER " + user);
        assertTrue(c.line().startsWith("+OK"));
        c.send("PASS " + PASSWORD);
        return c;
    }

    @Test
    void noCredentialsInTheClearButStlsWorks() throws Exception {
        Object[] account = accountWith("Subject: one\r\n\r\nbody\r\n");
        try (Pop3TestClient c = Pop3TestClient.plain(server.port(false))) {
            assertTrue(c.line().startsWith("+OK example.test POP3 server ready"));
            c.send("CAPA");
            assertTrue(c.line().startsWith("+OK"));
            List<String> capabilities = c.bodyLines();
            assertTrue(capabilities.contains("STLS") && capabilities.contains("UIDL") && capabilities.contains("TOP"), capabilities.toString());
            assertFalse(capabilities.contains("USER"), "no USER before TLS: " + capabilities);
            c.send("USER " + account[1]);
            assertTrue(c.line().startsWith("-ERR [AUTH]"));
            c.send("STAT");
            assertTrue(c.line().startsWith("-ERR"));
            c.send("STLS");
            assertEquals("+OK Begin TLS negotiation", c.line());
            c.startTls();
            c.send("CAPA");
            c.line();
            List<String> afterTls = c.bodyLines();
            assertTrue(afterTls.contains("USER") && afterTls.contains("SASL PLAIN") && !afterTls.contains("STLS"), afterTls.toString());
            c.send("AUTH PLAIN " + Base64.getEncoder().encodeToString(("\0" + account[1] + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
            assertTrue(c.line().startsWith("+OK maildrop has 1 messages"));
            c.send("QUIT");
            assertTrue(c.line().startsWith("+OK"));
        }
    }

    @Test
    void theWholeTransactionAndDeleteIsReal() throws Exception {
        String second = "Subject: two\r\n\r\n.starts with a dot\r\n..two dots\r\nend\r\n";
        Object[] account = accountWith("Subject: one\r\n\r\nfirst\r\nsecond line\r\nthird line\r\n", second);
        long id = (long) account[0];
        List<Long> uids = MailboxLookups.inboxUids(id);
        String uidl2;
        try (Pop3TestClient c = login((String) account[1])) {
            assertTrue(c.line().startsWith("+OK maildrop has 2 messages"));
            c.send("STAT");
            String stat = c.line();
            long size1 = MailboxLookups.newestInboxMessage(id).length;
            assertTrue(stat.matches("\\+OK 2 \\d+"), stat);
            c.send("LIST");
            assertTrue(c.line().startsWith("+OK 2 messages"));
            List<String> list = c.bodyLines();
            assertEquals(2, list.size());
            assertEquals("2 " + size1, list.get(1), "sizes in octets with CRLF");
            c.send("LIST 2");
            assertEquals("+OK 2 " + size1, c.line());
            c.send("LIST 3");
            assertTrue(c.line().startsWith("-ERR"));
            c.send("UIDL");
            c.line();
            List<String> uidl = c.bodyLines();
            assertTrue(uidl.get(1).startsWith("2 ") && uidl.get(1).endsWith("." + uids.get(1)), uidl.toString());
            uidl2 = uidl.get(1).substring(2);
            c.send("TOP 1 1");
            assertTrue(c.line().startsWith("+OK"));
            assertEquals("Subject: one\r\n\r\nfirst\r\n", new String(c.body(), StandardCharsets.UTF_8));
            c.send("RETR 2");
            assertEquals("+OK " + size1 + " octets", c.line());
            assertEquals("Subject: two\r\n\r\n..starts with a dot\r\n...two dots\r\nend\r\n", new String(c.body(), StandardCharsets.UTF_8),
                    "dot-stuffed on the wire");
            c.send("DELE 1");
            assertEquals("+OK message 1 deleted", c.line());
            c.send("RETR 1");
            assertTrue(c.line().startsWith("-ERR"));
            c.send("RSET");
            assertTrue(c.line().startsWith("+OK maildrop has 2"));
            c.send("DELE 1");
            c.line();
            c.send("NOOP");
            assertEquals("+OK", c.line());
            c.send("QUIT");
            assertTrue(c.line().startsWith("+OK"));
        }
        assertEquals(List.of(uids.get(1)), MailboxLookups.inboxUids(id), "DELE then QUIT removed it from the INBOX");
        try (Pop3TestClient c = login((String) account[1])) {
            assertTrue(c.line().startsWith("+OK maildrop has 1 messages"));
            c.send("UIDL 1");
            assertEquals("+OK 1 " + uidl2, c.line(), "UIDL is stable across sessions");
            c.send("QUIT");
            c.line();
        }
    }

    @Test
    void aSecondLoginWaitsUntilTheFirstSessionQuits() throws Exception {
        Object[] account = accountWith("Subject: one\r\n\r\n1\r\n", "Subject: two\r\n\r\n2\r\n");
        try (Pop3TestClient first = login((String) account[1])) {
            assertTrue(first.line().startsWith("+OK maildrop has 2"));
            first.send("DELE 2");
            first.line();
            try (Pop3TestClient second = login((String) account[1])) { // its PASS waits for the lease
                first.send("QUIT");
                assertTrue(first.line().startsWith("+OK"));
                assertTrue(second.line().startsWith("+OK maildrop has 1 messages"), "the waiting login got the maildrop");
                second.send("QUIT");
                second.line();
            }
        }
    }

    @Test
    void aSecondSessionGetsInUseAndADroppedConnectionDeletesNothing() throws Exception {
        Object[] account = accountWith("Subject: keep me\r\n\r\nstay\r\n");
        long id = (long) account[0];
        Pop3TestClient first = login((String) account[1]);
        assertTrue(first.line().startsWith("+OK maildrop has 1"));
        try (Pop3TestClient second = login((String) account[1])) { // after mail.pop3.lock-wait (2 s in tests)
            assertEquals("-ERR [IN-USE] maildrop already locked by another session", second.line());
        }
        first.send("DELE 1");
        first.line();
        first.close(); // no QUIT: the connection drops
        // the gateway notices the close asynchronously, then gives the lock back
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Pop3TestClient again = login((String) account[1])) {
                return again.line().startsWith("+OK maildrop has 1");
            }
        });
        assertEquals(1, MailboxLookups.inboxUids(id).size(), "nothing deleted without QUIT");
    }

    @Test
    void oneByteAtATimeAndKoreanBytesComeBackUnchanged() throws Exception {
        String korean = "From: 앨리스 <alice@example.test>\r\nSubject: 안녕\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n케첩 좋아해요?\r\n\u00ff\u00fe 8-bit\r\n";
        Object[] account = accountWith(korean);
        try (Pop3TestClient c = Pop3TestClient.tls(server.port(true))) {
            c.line();
            c.trickle("USER " + account[1] + "\r\n");
            c.line();
            c.trickle("PASS " + PASSWORD + "\r\n");
            assertTrue(c.line().startsWith("+OK maildrop has 1"));
            c.trickle("RETR 1\r\n");
            assertTrue(c.line().startsWith("+OK"));
            byte[] body = c.body();
            byte[] stored = MailboxLookups.newestInboxMessage((long) account[0]);
            assertArrayEquals(stored, body);
            assertTrue(new String(body, StandardCharsets.UTF_8).endsWith(korean));
        }
    }

    @Test
    void wrongPasswordsAreSlowAndLimited() throws Exception {
        Object[] account = accountWith();
        try (Pop3TestClient c = Pop3TestClient.tls(server.port(true))) {
            c.line();
            for (int i = 0; i < 2; i++) {
                c.send("USER " + account[1]);
                c.line();
                long start = System.nanoTime();
                c.send("PASS wrong");
                assertEquals("-ERR [AUTH] invalid user name or password", c.line());
                assertTrue(System.nanoTime() - start >= 150_000_000L, "failed logins are delayed");
            }
            c.send("USER " + account[1]);
            c.line();
            c.send("PASS wrong");
            assertTrue(c.line().startsWith("-ERR [AUTH] invalid credentials; too many failures"));
            assertTrue(c.closedByServer());
        }
    }

    /** The rules every listener shares (the same check runs against SMTP and IMAP). */
    @Test
    void connectionCapAndLineCharsetRules() throws Exception {
        new ListenerRules(Pattern.compile("\\+OK .*"), Pattern.compile("-ERR \\[SYS/TEMP\\] too many connections from your address.*"),
                Pattern.compile("-ERR command line is not valid UTF-8 text"), "CAPA", Pattern.compile("\\+OK .*"))
                .check(server.port(false), settings.maxConnectionsPerClient());
    }
}

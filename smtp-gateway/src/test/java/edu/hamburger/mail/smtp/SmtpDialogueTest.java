package edu.hamburger.mail.smtp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.mailbox.client.MailboxLookups;
import edu.hamburger.mail.mailbox.client.MailboxServiceProcess;
import edu.hamburger.mail.smtp.protocol.Listener;
import edu.hamburger.mail.smtp.transport.SmtpServer;
import edu.hamburger.mail.mailbox.client.TestKeystore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.regex.Pattern;
import edu.hamburger.mail.line.testing.ListenerRules;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dialogues over a real socket, client line then expected server line, as RFC 5321's examples
 * read; the messages go through the real Kafka broker into the real mailbox-service.
 */
@QuarkusTest
@QuarkusTestResource(value = MailboxServiceProcess.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TestKeystore.class, restrictToAnnotatedClass = true)
class SmtpDialogueTest {

    @Inject
    edu.hamburger.mail.smtp.SmtpSettings settings;

    @Inject
    SmtpServer server;

    private SmtpTestClient mx() throws Exception {
        return new SmtpTestClient(server.port(Listener.MX));
    }

    @Test
    void theSeedDialogueDeliversToBob() throws Exception {
        long bob = MailboxLookups.accountId("bob@example.test", "secret");
        try (SmtpTestClient c = mx()) {
            assertTrue(c.last().startsWith("220 example.test"));
            c.send("HELO crepes.fr");
            assertEquals("250 example.test Hello crepes.fr [127.0.0.1], pleased to meet you", c.last());
            c.send("MAIL FROM: alice@crepes.fr");
            assertEquals("250 alice@crepes.fr... Sender ok", c.last());
            c.send("RCPT TO: bob@example.test");
            assertEquals("250 bob@example.test ... Recipient ok", c.last());
            c.send("DATA");
            assertEquals("354 Enter mail, end with \".\" on a line by itself", c.last());
            c.send("Do you like ketchup?");
            c.send("How about pickles?");
            c.send(".");
            String accepted = c.last();
            assertTrue(accepted.startsWith("250 Message accepted for delivery"), accepted);
            c.send("QUIT");
            assertEquals("221 example.test closing connection", c.last());
            assertTrue(c.closedByServer());
        }
        String stored = new String(MailboxLookups.awaitMessageContaining(bob, "Do you like ketchup?"), StandardCharsets.UTF_8);
        assertTrue(stored.startsWith("Return-Path: <alice@crepes.fr>\r\nReceived: from crepes.fr ([127.0.0.1])\r\n\tby example.test"), stored);
        assertTrue(stored.endsWith("\r\n\r\nDo you like ketchup?\r\nHow about pickles?\r\n"), stored);
    }

    @Test
    void ehloListsTheExtensionsAndNoAuthBeforeTls() throws Exception {
        try (SmtpTestClient c = mx()) {
            c.reply();
            c.send("EHLO crepes.fr");
            List<String> ehlo = c.reply();
            assertTrue(ehlo.get(0).startsWith("250-example.test Hello crepes.fr"));
            for (String extension : List.of("PIPELINING", "SIZE 26214400", "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES",
                    "CHUNKING", "DSN", "STARTTLS")) {
                assertTrue(ehlo.stream().anyMatch(l -> l.substring(4).equals(extension)), extension + " in " + ehlo);
            }
            assertFalse(ehlo.stream().anyMatch(l -> l.contains("AUTH")), "no AUTH in the clear: " + ehlo);
            c.send("AUTH PLAIN " + java.util.Base64.getEncoder().encodeToString("\0bob@example.test\0secret".getBytes()));
            assertEquals("538 5.7.11 Encryption required: STARTTLS first", c.last());
            c.send("VRFY bob");
            assertTrue(c.last().startsWith("252 2.5.0"));
            c.send("HELP");
            assertTrue(c.last().startsWith("214 2.0.0"));
            c.send("NOOP");
            assertEquals("250 2.0.0 OK", c.last());
            c.send("FROB");
            assertTrue(c.last().startsWith("500 5.5.2 Command unrecognized"));
        }
    }

    @Test
    void policyRefusesUnknownUsersAndRelaying() throws Exception {
        try (SmtpTestClient c = mx()) {
            c.reply();
            c.send("EHLO crepes.fr");
            c.reply();
            c.send("RCPT TO:<bob@example.test>");
            assertEquals("503 5.5.1 Send MAIL first", c.last());
            c.send("MAIL FROM:<alice@crepes.fr>");
            c.last();
            c.send("RCPT TO:<nobody@example.test>");
            assertTrue(c.last().startsWith("550 5.1.1"));
            c.send("RCPT TO:<someone@elsewhere.org>");
            assertTrue(c.last().startsWith("550 5.7.1"), "never an open relay");
            c.send("DATA");
            assertEquals("503 5.5.1 Send RCPT first", c.last());
            c.send("MAIL FROM:<alice@crepes.fr>");
            assertTrue(c.last().startsWith("503 5.5.1"));
            c.send("RSET");
            assertEquals("250 2.0.0 OK", c.last());
            c.send("MAIL FROM:<alice@crepes.fr> SIZE=999999999");
            assertTrue(c.last().startsWith("552 5.3.4"));
            c.send("MAIL FROM:<alice@crepes.fr> FOO=BAR");
            assertTrue(c.last().startsWith("555 5.5.4"));
            c.send("MAIL FROM:<앨리스@crepes.fr>");
            assertTrue(c.last().startsWith("553 5.6.7"), "UTF-8 needs SMTPUTF8");
            c.send("MAIL FROM:<alice@@crepes.fr>");
            assertTrue(c.last().startsWith("501 5.1.7"));
        }
    }

    @Test
    void submissionWantsAuthentication() throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(server.port(Listener.SUBMISSION))) {
            c.reply();
            c.send("EHLO client.example");
            c.reply();
            c.send("MAIL FROM:<bob@example.test>");
            assertEquals("530 5.7.0 Authentication required", c.last());
        }
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() throws Exception {
        long bob = MailboxLookups.accountId("bob@example.test", "secret");
        try (SmtpTestClient c = mx()) {
            c.reply();
            c.send("EHLO crepes.fr");
            c.reply();
            c.raw("MAIL FROM:<alice@crepes.fr>\r\nRCPT TO:<bob@example.test>\r\nRCPT TO:<nobody@example.test>\r\n"
                    + "RCPT TO:<alice@example.test>\r\nDATA\r\n");
            assertTrue(c.last().startsWith("250 2.1.0"));
            assertTrue(c.last().startsWith("250 2.1.5"));
            assertTrue(c.last().startsWith("550 5.1.1"));
            assertTrue(c.last().startsWith("250 2.1.5"));
            assertTrue(c.last().startsWith("354"));
            c.raw("Subject: pipelined\r\n\r\nhello\r\n.\r\nNOOP\r\nQUIT\r\n");
            assertTrue(c.last().startsWith("250 2.6.0 Message accepted for delivery"));
            assertEquals("250 2.0.0 OK", c.last());
            assertTrue(c.last().startsWith("221"));
        }
        MailboxLookups.awaitMessageContaining(bob, "Subject: pipelined");
    }

    @Test
    void aClientSendingOneByteAtATimeWorks() throws Exception {
        long bob = MailboxLookups.accountId("bob@example.test", "secret");
        try (SmtpTestClient c = mx()) {
            c.reply();
            c.trickle("EHLO slow.example\r\n");
            c.reply();
            c.trickle("MAIL FROM:<alice@crepes.fr>\r\n");
            assertTrue(c.last().startsWith("250"));
            c.trickle("RCPT TO:<bob@example.test>\r\n");
            assertTrue(c.last().startsWith("250"));
            c.trickle("DATA\r\n");
            assertTrue(c.last().startsWith("354"));
            c.trickle("Subject: slow\r\n\r\n..leading dot\r\nbyte by byte\r\n.\r\n");
            assertTrue(c.last().startsWith("250 2.6.0"));
        }
        String stored = new String(MailboxLookups.awaitMessageContaining(bob, "Subject: slow"), StandardCharsets.UTF_8);
        assertTrue(stored.endsWith("Subject: slow\r\n\r\n.leading dot\r\nbyte by byte\r\n"), "dot-unstuffed: " + stored);
    }

    @Test
    void smugglingPatternsNeverEndTheData() throws Exception {
        for (String smuggled : List.of("\n.\n", "\n.\r\n", "\r\n.\n", "\r.\r\n", "\r\n.\r")) {
            try (SmtpTestClient c = mx()) {
                c.startData("evil.example", "alice@crepes.fr", "bob@example.test");
                c.raw("Subject: first\r\n\r\nhello" + smuggled
                        + "MAIL FROM:<admin@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\nSubject: smuggled\r\n\r\nx\r\n.\r\n");
                String reply = c.last();
                assertTrue(reply.startsWith("550 5.5.2"), "pattern " + smuggled.replace("\r", "CR").replace("\n", "LF") + ": " + reply);
                c.send("NOOP");
                assertEquals("250 2.0.0 OK", c.last(), "the smuggled commands were data, not commands");
            }
        }
    }

    @Test
    void oversizeDataIsRefusedWith552() throws Exception {
        try (SmtpTestClient c = mx()) {
            c.startData("big.example", "alice@crepes.fr", "bob@example.test");
            byte[] line = ("x".repeat(998) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 26_500; i++) { // 26.5 MB, above 25 MiB
                c.raw(line);
            }
            c.raw(".\r\n");
            assertTrue(c.last().startsWith("552 5.3.4"));
            c.send("NOOP");
            assertEquals("250 2.0.0 OK", c.last());
        }
    }

    @Test
    void longLinesAndTooManyErrorsEndBadly() throws Exception {
        try (SmtpTestClient c = mx()) {
            c.reply();
            c.send("EHLO " + "x".repeat(5000));
            String tooLong = c.last();
            assertTrue(tooLong.startsWith("500 ") && tooLong.contains("Line too long"), tooLong); // no EHLO yet: no enhanced code
            for (int i = 0; i < 8; i++) {
                c.send("BOGUS" + i);
                assertTrue(c.last().startsWith("500"));
            }
            c.send("BOGUS9");
            String closing = c.last();
            assertTrue(closing.startsWith("421 ") && closing.contains("too many errors"), "closed after 10 errors: " + closing);
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void chunkingWithBdat() throws Exception {
        long bob = MailboxLookups.accountId("bob@example.test", "secret");
        try (SmtpTestClient c = mx()) {
            c.reply();
            c.send("EHLO chunky.example");
            c.reply();
            c.raw("MAIL FROM:<alice@crepes.fr> BODY=8BITMIME\r\nRCPT TO:<bob@example.test>\r\n");
            c.last();
            c.last();
            byte[] first = "Subject: chunks\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] second = "BDAT body: .\r\n no dot-stuffing here\r\n".getBytes(StandardCharsets.US_ASCII);
            c.raw("BDAT " + first.length + "\r\n").raw(first);
            assertEquals("250 2.0.0 " + first.length + " octets received", c.last());
            c.raw("BDAT " + second.length + " LAST\r\n").raw(second);
            assertTrue(c.last().startsWith("250 2.6.0"));
        }
        String stored = new String(MailboxLookups.awaitMessageContaining(bob, "Subject: chunks"), StandardCharsets.UTF_8);
        assertTrue(stored.endsWith("Subject: chunks\r\n\r\nBDAT body: .\r\n no dot-stuffing here\r\n"), stored);
    }

    @Test
    void smtpUtf8KoreanMessageArrivesByteForByte() throws Exception {
        long bob = MailboxLookups.accountId("bob@example.test", "secret");
        String message = "From: 앨리스 <앨리스@크레페.fr>\r\nTo: bob@example.test\r\nSubject: 케첩과 피클\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + "케첩 좋아해요?\r\n피클은 어때요?\r\n";
        try (SmtpTestClient c = mx()) {
            c.reply();
            c.send("EHLO 크레페.fr");
            c.reply();
            c.send("MAIL FROM:<앨리스@크레페.fr> SMTPUTF8 BODY=8BITMIME");
            assertEquals("250 2.1.0 앨리스@크레페.fr... Sender ok", c.last());
            c.send("RCPT TO:<bob@example.test>");
            assertTrue(c.last().startsWith("250"));
            c.send("DATA");
            c.last();
            c.raw(message + ".\r\n");
            assertTrue(c.last().startsWith("250 2.6.0"));
        }
        String stored = new String(MailboxLookups.awaitMessageContaining(bob, "케첩과 피클"), StandardCharsets.UTF_8);
        assertTrue(stored.startsWith("Return-Path: <앨리스@크레페.fr>\r\n"), stored);
        assertTrue(stored.contains("with UTF8SMTP id"), stored);
        assertTrue(stored.endsWith(message), "byte for byte: " + stored);
    }

    /**
     * A client that did not get the 250 sends the same message again (RFC 5321 §4.1.1.4 leaves it
     * no other choice): the second copy, with the same Message-ID, sender, recipient and octets,
     * is answered 250 and filed once only; the same Message-ID with another body is filed.
     */
    @Test
    void aClientsResendAfterALostReplyIsFiledOnce() throws Exception {
        MailboxLookups.TestAccount dora = MailboxLookups.freshAccount("resend");
        String messageId = "<" + java.util.UUID.randomUUID() + "@crepes.fr>";
        String message = "From: alice@crepes.fr\r\nTo: " + dora.address() + "\r\nSubject: resent\r\nMessage-ID: " + messageId
                + "\r\n\r\nDid the first one arrive?\r\n";
        for (String body : List.of(message, message, message.replace("Did the first", "Did the second"))) {
            try (SmtpTestClient c = mx()) {
                c.startData("crepes.fr", "alice@crepes.fr", dora.address());
                c.raw(body + ".\r\n");
                assertTrue(c.last().startsWith("250 2.6.0"), "every try is answered 250");
            }
        }
        MailboxLookups.awaitMessageContaining(dora.id(), "Did the second one arrive?");
        MailboxLookups.awaitMessageContaining(dora.id(), "Did the first one arrive?");
        await("no second copy of the first").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> MailboxLookups.inboxCount(dora.id()) == 2);
        assertEquals(2, MailboxLookups.inboxCount(dora.id()), "the re-send was not filed again");
    }

    @Test
    void malformedHeaderIsRefused() throws Exception {
        try (SmtpTestClient c = mx()) {
            c.startData("crepes.fr", "alice@crepes.fr", "bob@example.test");
            c.raw("Subject: fine\r\nthis line is not a header field\r\n\r\nbody\r\n.\r\n");
            assertTrue(c.last().startsWith("550 5.6.0 Malformed header"));
        }
    }

    /** The rules every listener shares (the same check runs against POP3 and IMAP); before EHLO, no enhanced codes. */
    @Test
    void connectionCapAndLineCharsetRules() throws Exception {
        new ListenerRules(Pattern.compile("220 .*"), Pattern.compile("421 Too many connections from your address, try later"),
                Pattern.compile("500 Command line is not valid UTF-8 text"), "NOOP", Pattern.compile("250 .*"))
                .check(server.port(Listener.MX), settings.maxConnectionsPerClient());
    }
}

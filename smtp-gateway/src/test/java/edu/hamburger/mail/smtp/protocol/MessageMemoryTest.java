package edu.hamburger.mail.smtp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.line.testing.ScriptedConnection;
import org.junit.jupiter.api.Test;

/**
 * The process's message memory is shared by all sessions ({@link InMemorySmtp}: room for two
 * 1,000-octet messages): a message that does not fit is read to its end and answered 452 4.3.1,
 * the session stays usable, and the memory is returned once a message is queued, refused or its
 * connection ends.
 */
class MessageMemoryTest {

    private static final String BODY_900 = "Subject: big\r\n\r\n" + "x".repeat(882) + "\r\n";

    private static void transaction(ScriptedConnection c) throws InterruptedException {
        c.send("EHLO client.example\r\n");
        String line;
        do {
            line = c.line();
        } while (line.startsWith("250-"));
        c.send("MAIL FROM:<carol@remote.example>\r\n");
        assertTrue(c.line().startsWith("250"));
        c.send("RCPT TO:<bob@example.test>\r\n");
        assertTrue(c.line().startsWith("250"));
    }

    /** Starts a BDAT transaction whose first 900-octet chunk stays held until the last chunk. */
    private static void holdChunk(ScriptedConnection c) throws InterruptedException {
        transaction(c);
        c.send("BDAT " + BODY_900.length() + "\r\n" + BODY_900);
        assertTrue(c.line().startsWith("250 2.0.0"));
    }

    private static String data(ScriptedConnection c) throws InterruptedException {
        transaction(c);
        c.send("DATA\r\n");
        assertTrue(c.line().startsWith("354"));
        c.send(BODY_900 + ".\r\n");
        return c.line();
    }

    @Test
    void aMessageThatDoesNotFitIsRefusedForNowAndTheMemoryComesBack() throws Exception {
        InMemorySmtp smtp = new InMemorySmtp();
        try (ScriptedConnection a = smtp.connect(Listener.MX); ScriptedConnection b = smtp.connect(Listener.MX);
                ScriptedConnection c = smtp.connect(Listener.MX)) {
            a.line();
            b.line();
            c.line();
            holdChunk(a);
            holdChunk(b);
            assertTrue(smtp.memory.used() >= 2L * BODY_900.length(), "two chunks are held: " + smtp.memory.used());

            assertEquals("452 4.3.1 Insufficient system storage, try again later", data(c));
            assertTrue(smtp.queued.isEmpty());
            c.send("NOOP\r\n");
            assertTrue(c.line().startsWith("250"), "the session goes on");

            // a's last chunk queues its message and returns a's memory: c's retry fits
            a.send("BDAT 0 LAST\r\n");
            assertTrue(a.line().startsWith("250 2.6.0"));
            assertTrue(data(c).startsWith("250 2.6.0"));
            assertEquals(2, smtp.queued.size());

            // a BDAT chunk that does not fit fails its transaction with the same reply
            holdChunk(a);
            transaction(c);
            c.send("BDAT " + BODY_900.length() + " LAST\r\n" + BODY_900);
            assertEquals("452 4.3.1 Insufficient system storage, try again later", c.line());
        }
        assertEquals(0, smtp.memory.used(), "closed connections hold nothing");
    }
}

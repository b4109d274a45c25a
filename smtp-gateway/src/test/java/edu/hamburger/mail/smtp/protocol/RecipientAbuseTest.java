package edu.hamburger.mail.smtp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.line.testing.ScriptedConnection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What a harvester or a recipient-list abuser meets: every RCPT counts towards the limit (five in
 * {@link InMemorySmtp}), unknown recipients beyond three answer ever later (100 ms more each, at
 * most 250 ms here), and the error limit (ten) then closes the session.
 */
class RecipientAbuseTest {

    private static String skipGreeting(ScriptedConnection c) throws InterruptedException {
        String line;
        do {
            line = c.line();
        } while (line.startsWith("250-"));
        return line;
    }

    @Test
    void unknownRecipientsAreAnsweredSlowerAndThenTheSessionCloses() throws Exception {
        InMemorySmtp smtp = new InMemorySmtp();
        try (ScriptedConnection c = smtp.connect(Listener.MX)) {
            c.line();
            c.send("EHLO harvester.example\r\n");
            skipGreeting(c);
            c.send("MAIL FROM:<x@harvester.example>\r\n");
            assertTrue(c.line().startsWith("250"));
            long[] millis = new long[10];
            String last = null;
            for (int i = 0; i < 10; i++) {
                if (i > 0 && i % 3 == 0) {
                    c.send("RSET\r\n"); // a new transaction does not reset the count
                    c.line();
                    c.send("MAIL FROM:<x@harvester.example>\r\n");
                    c.line();
                }
                long start = System.nanoTime();
                c.send("RCPT TO:<guess" + i + "@example.test>\r\n");
                last = c.line();
                millis[i] = (System.nanoTime() - start) / 1_000_000;
            }
            assertTrue(millis[0] < 90 && millis[2] < 90, "the first three are answered at once: " + millis[0] + ", " + millis[2]);
            assertTrue(millis[3] >= 100, "the fourth waits 100 ms: " + millis[3]);
            assertTrue(millis[4] >= 200, "the fifth waits 200 ms: " + millis[4]);
            assertTrue(millis[6] >= 250 && millis[6] < 1000, "the wait is capped: " + millis[6]);
            assertTrue(last.startsWith("421 4.7.0"), "the tenth error ends the session: " + last);
            assertTrue(c.endsSoon(), "the session closes after its 421"); // the tarpit answers off this thread
        }
    }

    @Test
    void repeatingTheSameRecipientsStillCountsTowardsTheLimit() throws Exception {
        InMemorySmtp smtp = new InMemorySmtp();
        try (ScriptedConnection c = smtp.connect(Listener.MX)) {
            c.line();
            c.send("EHLO crepes.fr\r\n");
            skipGreeting(c);
            c.send("MAIL FROM:<alice@crepes.fr>\r\n");
            c.line();
            for (int i = 0; i < 5; i++) {
                c.send("RCPT TO:<" + (i % 2 == 0 ? "bob" : "alice") + "@example.test>\r\n");
                assertTrue(c.line().startsWith("250"));
            }
            c.send("RCPT TO:<bob@example.test>\r\n");
            assertEquals("452 4.5.3 Too many recipients; send the rest in another message", c.line());
            c.send("RSET\r\n");
            c.line();
            c.send("MAIL FROM:<alice@crepes.fr>\r\n");
            c.line();
            c.send("RCPT TO:<bob@example.test>\r\n");
            assertTrue(c.line().startsWith("250"), "a new transaction counts afresh");
        }
    }
}

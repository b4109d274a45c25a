package edu.hamburger.mail.imap.protocol;

import static edu.hamburger.mail.imap.protocol.OtherSessionsChangesTest.command;
import static edu.hamburger.mail.imap.protocol.OtherSessionsChangesTest.login;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.line.testing.ScriptedConnection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * IMAP4rev1's \Recent (RFC 3501 §2.3.2): a message is recent to exactly one session, the first
 * to select its mailbox read-write after it arrived (or the one that has it selected when it
 * arrives). EXAMINE and STATUS look without taking. SEARCH RECENT, NEW and OLD follow the session.
 */
class RecentTest {

    private final InMemoryMailboxPort store = new InMemoryMailboxPort();

    @Test
    void theFirstReadWriteSelectTakesTheRecentMessagesAndExamineOnlyLooks() throws Exception {
        store.deliver("INBOX", "Subject: 1\r\n\r\n1\r\n");
        store.deliver("INBOX", "Subject: 2\r\n\r\n2\r\n");
        try (ScriptedConnection first = ImapScriptsTest.connect(store, true);
                ScriptedConnection second = ImapScriptsTest.connect(store, true)) {
            login(first);
            login(second);
            assertTrue(command(second, "s1 EXAMINE INBOX").contains("* 2 RECENT"));
            assertEquals(List.of("* 1 FETCH (FLAGS (\\Recent))", "s2 OK FETCH completed"), command(second, "s2 FETCH 1 FLAGS"));
            assertEquals(List.of("* STATUS \"INBOX\" (RECENT 2)", "s3 OK STATUS completed"), command(second, "s3 STATUS INBOX (RECENT)"));

            assertTrue(command(first, "f1 SELECT INBOX").contains("* 2 RECENT"));
            assertEquals(List.of("* STATUS \"INBOX\" (RECENT 0)", "s4 OK STATUS completed"), command(second, "s4 STATUS INBOX (RECENT)"));
            assertTrue(command(second, "s5 SELECT INBOX").contains("* 0 RECENT"), "taken by the first session");
            assertEquals(List.of("* 1 FETCH (FLAGS ())", "s6 OK FETCH completed"), command(second, "s6 FETCH 1 FLAGS"));

            command(first, "f2 STORE 1 +FLAGS.SILENT (\\Seen)");
            assertEquals(List.of("* SEARCH 1 2", "f3 OK SEARCH completed"), command(first, "f3 SEARCH RECENT"));
            assertEquals(List.of("* SEARCH 2", "f4 OK SEARCH completed"), command(first, "f4 SEARCH NEW"));
            assertEquals(List.of("* SEARCH", "f5 OK SEARCH completed"), command(first, "f5 SEARCH OLD"));
            assertEquals(List.of("* SEARCH 1 2", "s7 OK SEARCH completed"), command(second, "s7 SEARCH OLD"));
        }
    }

    @Test
    void aMessageArrivingWhileSelectedIsRecentToThatSessionOnly() throws Exception {
        try (ScriptedConnection watcher = ImapScriptsTest.connect(store, true);
                ScriptedConnection later = ImapScriptsTest.connect(store, true)) {
            login(watcher);
            login(later);
            assertTrue(command(watcher, "w1 SELECT INBOX").contains("* 0 RECENT"));
            store.deliver("INBOX", "Subject: new\r\n\r\nnew\r\n");
            assertEquals(List.of("* 1 EXISTS", "* 1 RECENT", "w2 OK NOOP completed"), command(watcher, "w2 NOOP"));
            assertEquals(List.of("* 1 FETCH (FLAGS (\\Recent))", "w3 OK FETCH completed"), command(watcher, "w3 FETCH 1 FLAGS"));
            assertTrue(command(later, "l1 SELECT INBOX").contains("* 0 RECENT"));
        }
    }
}

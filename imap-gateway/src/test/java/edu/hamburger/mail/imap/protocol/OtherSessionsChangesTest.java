package edu.hamburger.mail.imap.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import edu.hamburger.mail.line.testing.ScriptedConnection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What one session does is reported to another that has the same mailbox selected when it sends
 * NOOP, CHECK or EXPUNGE, even before the change feed has told of it: each connection here has a
 * feed of its own that never fires, so only asking the store can find the change (imaptest's
 * expunge and store groups send NOOP right after the other session's command).
 */
class OtherSessionsChangesTest {

    private final InMemoryMailboxPort store = new InMemoryMailboxPort();

    @Test
    void noopReportsAnotherSessionsFlagsAndExpunges() throws Exception {
        deliverThree();
        try (ScriptedConnection watcher = ImapScriptsTest.connect(store, true);
                ScriptedConnection actor = ImapScriptsTest.connect(store, true)) {
            bothSelectInbox(watcher, actor);

            command(actor, "x2 STORE 2 +FLAGS.SILENT (\\Flagged)");
            // the watcher selected first: the three messages are \Recent to it alone
            assertEquals(List.of("* 2 FETCH (UID 2 FLAGS (\\Recent \\Flagged))", "w2 OK NOOP completed"), command(watcher, "w2 NOOP"));

            command(actor, "x3 STORE 1 +FLAGS.SILENT (\\Deleted)");
            command(actor, "x4 EXPUNGE");
            assertEquals(List.of("* 1 EXPUNGE", "w3 OK CHECK completed"),
                    command(watcher, "w3 CHECK"));

            // the watcher's own EXPUNGE reports the actor's expunge of message 3 (now 2) first
            command(actor, "x5 STORE 2 +FLAGS.SILENT (\\Deleted)");
            command(actor, "x6 EXPUNGE");
            assertEquals(List.of("* 2 EXPUNGE", "w4 OK EXPUNGE completed"), command(watcher, "w4 EXPUNGE"));
            assertEquals(List.of("* SEARCH 1", "w5 OK SEARCH completed"), command(watcher, "w5 SEARCH ALL"));
        }
    }

    @Test
    void anOwnStoreAfterAnotherSessionsExpungeDoesNotHideIt() throws Exception {
        deliverThree();
        try (ScriptedConnection watcher = ImapScriptsTest.connect(store, true);
                ScriptedConnection actor = ImapScriptsTest.connect(store, true)) {
            bothSelectInbox(watcher, actor);
            command(actor, "x2 STORE 2 +FLAGS.SILENT (\\Deleted)");
            command(actor, "x3 EXPUNGE");
            // STORE may not report expunges (RFC 3501 §7.4.1), and its newer modseq must not make NOOP skip them
            assertEquals(List.of("* 1 FETCH (UID 1 FLAGS (\\Recent \\Answered))", "w2 OK STORE completed"),
                    command(watcher, "w2 STORE 1 FLAGS (\\Answered)"));
            assertEquals(List.of("* 2 EXPUNGE", "w3 OK NOOP completed"), command(watcher, "w3 NOOP"));
            assertEquals(List.of("* 1 FETCH (UID 1 FLAGS (\\Answered))", "x4 OK NOOP completed"), command(actor, "x4 NOOP"));
        }
    }

    @Test
    void aStoreThatChangesNothingDoesNotHideAnotherSessionsChange() throws Exception {
        deliverThree();
        try (ScriptedConnection watcher = ImapScriptsTest.connect(store, true);
                ScriptedConnection actor = ImapScriptsTest.connect(store, true)) {
            bothSelectInbox(watcher, actor);
            command(actor, "x2 STORE 2 +FLAGS.SILENT (\\Flagged)");
            // the store's modseq is now one past what the watcher reported, but not by the watcher's doing
            assertEquals(List.of("w2 OK STORE completed"), command(watcher, "w2 STORE 3 -FLAGS (\\Seen)"));
            assertEquals(List.of("* 2 FETCH (UID 2 FLAGS (\\Recent \\Flagged))", "w3 OK NOOP completed"), command(watcher, "w3 NOOP"));
        }
    }

    @Test
    void anOwnStoreIsNotFetchedAgainOnTheNextNoop() throws Exception {
        deliverThree();
        try (ScriptedConnection session = ImapScriptsTest.connect(store, true)) {
            login(session);
            command(session, "a1 SELECT INBOX");
            command(session, "a2 STORE 1 +FLAGS (\\Flagged)");
            int before = store.summaryCalls.get();
            assertEquals(List.of("a3 OK NOOP completed"), command(session, "a3 NOOP"));
            assertEquals(before, store.summaryCalls.get(), "the session knew its own change: one cheap question, no listing");
        }
    }

    @Test
    void nothingIsReportedWhenNothingChanged() throws Exception {
        store.deliver("INBOX", "Subject: 1\r\n\r\n1\r\n");
        try (ScriptedConnection session = ImapScriptsTest.connect(store, true)) {
            login(session);
            command(session, "a1 SELECT INBOX");
            assertEquals(List.of("a2 OK NOOP completed"), command(session, "a2 NOOP"));
            store.deliver("INBOX", "Subject: 2\r\n\r\n2\r\n");
            assertEquals(List.of("* 2 EXISTS", "* 2 RECENT", "a3 OK NOOP completed"), command(session, "a3 NOOP"));
        }
    }

    private void deliverThree() {
        for (int i = 1; i <= 3; i++) {
            store.deliver("INBOX", "Subject: " + i + "\r\n\r\n" + i + "\r\n");
        }
    }

    /** The watcher selects first, so the messages are \Recent to it. */
    private static void bothSelectInbox(ScriptedConnection watcher, ScriptedConnection actor) throws InterruptedException {
        login(watcher);
        login(actor);
        command(watcher, "w1 SELECT INBOX");
        command(actor, "x1 SELECT INBOX");
    }

    static void login(ScriptedConnection connection) throws InterruptedException {
        connection.line(); // greeting
        command(connection, "l LOGIN " + ImapScriptsTest.USER + " secret");
    }

    /** Sends one command and gives every line up to and including its tagged answer. */
    static List<String> command(ScriptedConnection connection, String line) throws InterruptedException {
        String tag = line.substring(0, line.indexOf(' ') + 1);
        connection.send(line + "\r\n");
        List<String> lines = new ArrayList<>();
        String response;
        do {
            response = connection.response(true);
            lines.add(response);
        } while (response != null && !response.startsWith(tag));
        return lines;
    }
}

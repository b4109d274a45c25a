package edu.hamburger.mail.imap.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.line.testing.ScriptedConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing the IMAP parsers (command line, arguments, SEARCH, FETCH, STORE, LIST, SELECT, APPEND)
 * through the whole in-memory session: whatever command a client sends after login and SELECT,
 * it gets exactly one tagged answer (OK, NO or BAD), never an internal error, and the session is
 * still in step (a NOOP after it answers OK). Longer campaigns: {@code -Djqwik.tries.default=20000}.
 */
class ImapFuzzTest {

    private static final List<String> COMMANDS = List.of("FETCH", "UID FETCH", "SEARCH", "UID SEARCH", "STORE", "UID STORE",
            "SELECT", "EXAMINE", "LIST", "LSUB", "STATUS", "APPEND", "COPY", "MOVE", "UID EXPUNGE", "EXPUNGE", "CREATE", "RENAME",
            "ENABLE", "ID", "NOOP", "CHECK", "SUBSCRIBE", "NAMESPACE", "UID COPY", "UID MOVE", "CAPABILITY", "XYZZY", "UID NOOP");
    private static final List<String> TOKENS = List.of("1", "2", "1:*", "*", "2:4,7", "$", "0", "4294967296", "(", ")", "[", "]",
            "<", ">", "<0.10>", "BODY[]", "BODY.PEEK[HEADER.FIELDS (SUBJECT)]", "BODY[1.MIME]", "BODY[TEXT]<0.5>", "FLAGS",
            "+FLAGS", "-FLAGS.SILENT", "(\\Seen)", "\\Deleted", "\\Bogus", "$Junk", "ENVELOPE", "BODYSTRUCTURE", "RFC822.SIZE",
            "UID", "MODSEQ", "(CHANGEDSINCE 1)", "(UNCHANGEDSINCE 5)", "VANISHED", "ALL", "FAST", "FULL", "INBOX", "\"INBOX\"",
            "\"a b\"", "\"\\\"\"", "{0}", "{3+}\r\nabc", "NIL", "\"\"", "%", "*.*", "OR", "NOT", "SUBJECT", "\"hello\"", "SINCE",
            "1-Jan-2026", "31-feb-2026", "BEFORE", "LARGER", "99999999999999999999", "HEADER", "X-Foo", "KEYWORD", "CHARSET",
            "UTF-8", "KOI8-R", "(CONDSTORE)", "(QRESYNC (7 1))", "RETURN", "(STATUS (MESSAGES))", "(SUBSCRIBED)", "(MESSAGES UNSEEN)",
            "CONDSTORE", "QRESYNC", "\"24-Nov-2026 10:00:00 +0000\"", "~foo", "Ärger", "받은편지함", "&AMQ-", "&-");

    @Provide
    Arbitrary<String> commands() {
        Arbitrary<String> verb = Arbitraries.of(COMMANDS);
        Arbitrary<String> arguments = Arbitraries.of(TOKENS).list().ofMaxSize(8)
                .map(tokens -> String.join(" ", tokens));
        Arbitrary<String> spacing = Arbitraries.of("", " ", "  ");
        return Combinators.combine(verb, spacing, arguments).as((v, s, a) -> v + s + (a.isEmpty() ? "" : " " + a));
    }

    @Property
    void everyCommandGetsOneTaggedAnswerAndTheSessionGoesOn(@ForAll("commands") String command) throws Exception {
        InMemoryMailboxPort store = new InMemoryMailboxPort();
        for (int i = 1; i <= 5; i++) {
            store.deliver("INBOX", "Subject: " + i + "\r\n\r\nbody " + i + "\r\n");
        }
        try (ScriptedConnection c = ImapScriptsTest.connect(store, true)) {
            c.response(true);
            c.send("a LOGIN " + InMemoryMailboxPort.BOB.address() + " secret\r\nb SELECT INBOX\r\n");
            while (!c.response(true).startsWith("b OK")) {
                // the SELECT's untagged lines
            }
            c.send("t " + command + "\r\n");
            String tagged = untilTagged(c, "t ");
            assertTrue(tagged.matches("t (OK|NO|BAD) .*"), tagged);
            assertFalse(tagged.contains("SERVERBUG"), command + " -> " + tagged);
            if (!c.ended()) {
                c.send("z NOOP\r\n");
                assertEquals("z OK", untilTagged(c, "z ").substring(0, 4), "in step after: " + command);
            }
        }
    }

    @Property
    void arbitraryBytesBeforeLoginNeverBreakTheSession(@ForAll byte[] junk) throws Exception {
        try (ScriptedConnection c = ImapScriptsTest.connect(new InMemoryMailboxPort(), true)) {
            c.response(true);
            c.send(junk);
            c.send("\r\n\r\nz NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            String text = c.pending();
            assertFalse(text.contains("SERVERBUG"), text);
        }
    }

    /** The fuzzer's find: an error quoting "{0}" ended its line like a literal's announcement. */
    @org.junit.jupiter.api.Test
    void anErrorQuotingALiteralsAnnouncementDoesNotEndLikeOne() throws Exception {
        InMemoryMailboxPort store = new InMemoryMailboxPort();
        store.deliver("INBOX", "Subject: 1\r\n\r\nbody\r\n");
        try (ScriptedConnection c = ImapScriptsTest.connect(store, true)) {
            c.response(true);
            c.send("a LOGIN " + InMemoryMailboxPort.BOB.address() + " secret\r\nb SELECT INBOX\r\n");
            while (!c.response(true).startsWith("b OK")) {
                // the SELECT's untagged lines
            }
            c.send("t FETCH 1 {0} (\\Seen) 31-feb-2026\r\n"); // the item is quoted back in the error
            String tagged = untilTagged(c, "t ");
            assertTrue(tagged.startsWith("t BAD ") && !tagged.matches(".*\\{\\d+\\+?}$"), tagged);
            c.send("z NOOP\r\n");
            assertEquals("z OK", untilTagged(c, "z ").substring(0, 4));
        }
    }

    private static String untilTagged(ScriptedConnection c, String tag) throws Exception {
        while (true) {
            String line = c.response(true);
            if (line == null) {
                return tag + "BAD connection closed";
            }
            if (line.startsWith("+ ")) {
                c.send("\r\n"); // a synchronizing literal was accepted: the command goes on, and ends here
                continue;
            }
            if (line.startsWith(tag) || line.startsWith("* BYE")) {
                return line.startsWith("* BYE") ? tag + "BAD " + line : line;
            }
        }
    }
}

package edu.hamburger.mail.core.thread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.api.ThreadNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 5256's base subject and threading algorithms, case by case. */
class MessageThreaderTest {

    @Test
    void baseSubjectsDropRepliesForwardsTagsAndTrailers() {
        assertEquals(new BaseSubject("Lecture notes", true), BaseSubject.of("Re: Lecture notes"));
        assertEquals(new BaseSubject("Lecture notes", true), BaseSubject.of("RE: Fwd: re[2]: Lecture   notes (fwd)"));
        assertEquals(new BaseSubject("Exam dates", true), BaseSubject.of("[cs101] Re: [cs101] Exam dates"));
        assertEquals(new BaseSubject("Exam dates", false), BaseSubject.of("[cs101] Exam dates"));
        assertEquals(new BaseSubject("[cs101]", false), BaseSubject.of("[cs101]"), "a blob that is all there is stays");
        assertEquals(new BaseSubject("Menu", true), BaseSubject.of("[Fwd: Re: Menu]"));
        assertEquals(new BaseSubject("Reply guy", false), BaseSubject.of("Reply guy"), "Re without a colon is a word");
        assertEquals(new BaseSubject("강의 안내", true), BaseSubject.of("Re:\t강의\r\n 안내"));
        assertEquals(new BaseSubject("", false), BaseSubject.of(null));
    }

    @Test
    void messageIdsAreReadInOrderAndBrokenOnesSkipped() {
        assertEquals(List.of("<a@b>", "<c@d>"), MessageIds.parse(" <a@b>\t<c@d> "));
        assertEquals(List.of("<c@d>"), MessageIds.parse("<a b> <<c@d> <>"));
        assertEquals(List.of("<p@q>"), ThreadInput.references(null, "<p@q> (the parent)"));
        assertEquals(List.of("<r@s>"), ThreadInput.references("<r@s>", "<p@q>"), "References win over In-Reply-To");
    }

    @Test
    void referencesLinkChainsAndGatherSubjects() {
        List<ThreadInput> messages = List.of(
                message(1, "<1@x>", "Lecture notes", 7),
                message(2, "<2@x>", "Re: Lecture notes", 6, "<1@x>"),
                message(3, "<3@x>", "[cs101] Exam dates", 8),
                message(4, "<4@x>", "Re: [cs101] Exam dates", 9, "<missing@x>", "<3@x>"),
                message(5, "<5@x>", "Fwd: Lecture notes", 5, "<unknown@x>"),
                message(6, null, "강의 안내", 10));
        assertEquals("(1 (5)(2))(3 4)(6)", text(MessageThreader.references(messages)));
        assertEquals("(5 (2)(1))(3 4)(6)", text(MessageThreader.orderedSubject(messages)));
    }

    @Test
    void siblingsWithoutTheirParentStayGroupedUnderAPlaceholder() {
        List<ThreadInput> messages = List.of(
                message(3, "<3@x>", "Re: plan", 1, "<gone@x>"),
                message(5, "<5@x>", "Re: plan", 2, "<gone@x>"));
        List<ThreadNode> threads = MessageThreader.references(messages);
        assertEquals(1, threads.size());
        assertTrue(threads.get(0).placeholder());
        assertEquals("((3)(5))", text(threads));
    }

    @Test
    void loopsAndDuplicateIdsNeitherHangNorLoseMessages() {
        List<ThreadInput> messages = List.of(
                message(1, "<a@x>", "one", 1, "<b@x>"),
                message(2, "<b@x>", "two", 2, "<a@x>"),
                message(3, "<a@x>", "three", 3),
                message(4, "<c@x>", "four", 4, "<c@x>"));
        List<ThreadNode> threads = MessageThreader.references(messages);
        List<Long> seen = new ArrayList<>();
        threads.forEach(t -> collect(t, seen));
        assertEquals(List.of(1L, 2L, 3L, 4L), seen.stream().sorted().toList(), "every message once: " + text(threads));
    }

    @Test
    void equalDatesKeepMailboxOrder() {
        List<ThreadInput> messages = List.of(message(2, "<2@x>", "b", 1), message(1, "<1@x>", "a", 1));
        assertEquals("(1)(2)", text(MessageThreader.references(messages)));
        assertFalse(text(MessageThreader.orderedSubject(messages)).isEmpty());
    }

    private static ThreadInput message(long uid, String id, String subject, int day, String... references) {
        return new ThreadInput(uid, id, List.of(references), subject, Instant.parse("2026-12-01T00:00:00Z").plusSeconds(86_400L * day));
    }

    private static void collect(ThreadNode node, List<Long> seen) {
        if (!node.placeholder()) {
            seen.add(node.uid());
        }
        node.children().forEach(child -> collect(child, seen));
    }

    /** The tree in RFC 5256's notation: a single child follows its parent, several get parentheses each. */
    private static String text(List<ThreadNode> threads) {
        StringBuilder out = new StringBuilder();
        threads.forEach(t -> write(t, out));
        return out.toString();
    }

    private static void write(ThreadNode node, StringBuilder out) {
        out.append('(');
        if (!node.placeholder()) {
            out.append(node.uid());
        }
        ThreadNode at = node;
        while (!at.placeholder() && at.children().size() == 1) {
            at = at.children().get(0);
            out.append(' ').append(at.uid());
        }
        if (!at.children().isEmpty()) {
            if (!at.placeholder()) {
                out.append(' ');
            }
            at.children().forEach(child -> write(child, out));
        }
        out.append(')');
    }
}

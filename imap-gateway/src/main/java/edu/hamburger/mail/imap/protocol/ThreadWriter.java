package edu.hamburger.mail.imap.protocol;

import edu.hamburger.mail.core.api.ThreadNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * The THREAD response's thread-list (RFC 5256 §4): "(1 2 (3)(4 5))", a parent followed by its
 * child, or by its children's threads when there are several; "((3)(5))" for a thread whose first
 * message the mailbox does not hold. Messages this session does not know yet (number 0) are left
 * out as such placeholders are.
 */
final class ThreadWriter {

    private ThreadWriter() {
    }

    /** {@code number} gives each UID's message sequence number or UID, 0 for one not to show. */
    static String write(List<ThreadNode> threads, LongUnaryOperator number) {
        StringBuilder out = new StringBuilder();
        for (Shown thread : shown(threads, number, true)) {
            thread(thread, out);
        }
        return out.toString();
    }

    /** A node as shown: a number, or 0 for a placeholder (left only at the top with several children). */
    private record Shown(long number, List<Shown> children) {
    }

    private static List<Shown> shown(List<ThreadNode> nodes, LongUnaryOperator number, boolean top) {
        List<Shown> shown = new ArrayList<>();
        for (ThreadNode node : nodes) {
            long n = node.placeholder() ? 0 : number.applyAsLong(node.uid());
            List<Shown> children = shown(node.children(), number, false);
            if (n != 0) {
                shown.add(new Shown(n, children));
            } else if (top && children.size() > 1) {
                shown.add(new Shown(0, children));
            } else {
                shown.addAll(children);
            }
        }
        return shown;
    }

    private static void thread(Shown node, StringBuilder out) {
        out.append('(');
        if (node.number() == 0) {
            node.children().forEach(child -> thread(child, out));
        } else {
            members(node, out);
        }
        out.append(')');
    }

    /** A message, then its only child's members (iteratively: chains are long), or its children's threads. */
    private static void members(Shown node, StringBuilder out) {
        Shown at = node;
        out.append(at.number());
        while (at.children().size() == 1) {
            at = at.children().get(0);
            out.append(' ').append(at.number());
        }
        if (!at.children().isEmpty()) {
            out.append(' ');
            at.children().forEach(child -> thread(child, out));
        }
    }
}

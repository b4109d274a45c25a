package edu.hamburger.mail.core.thread;

import edu.hamburger.mail.core.api.ThreadNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The threading algorithms of RFC 5256 §3 over a mailbox's messages: ORDEREDSUBJECT (by base
 * subject, then date) and REFERENCES (Jamie Zawinski's algorithm: the References chains, then
 * threads of the same base subject gathered). Threads and siblings come out by sent date,
 * mailbox order breaking ties. Pure: the caller reads the messages and writes the answer.
 */
public final class MessageThreader {

    private MessageThreader() {
    }

    /** THREAD=ORDEREDSUBJECT: one thread per base subject, the first message the parent of the rest. */
    public static List<ThreadNode> orderedSubject(List<ThreadInput> messages) {
        Map<String, List<ThreadInput>> bySubject = new LinkedHashMap<>();
        messages.stream().sorted(BY_DATE).forEach(m -> bySubject.computeIfAbsent(BaseSubject.of(m.subject()).key(),
                k -> new ArrayList<>()).add(m));
        List<ThreadNode> threads = new ArrayList<>();
        for (List<ThreadInput> group : bySubject.values()) {
            List<ThreadNode> children = group.subList(1, group.size()).stream().map(m -> new ThreadNode(m.uid(), List.of())).toList();
            threads.add(new ThreadNode(group.get(0).uid(), children));
        }
        return threads; // groups were made in date order of their first message
    }

    /** THREAD=REFERENCES. */
    public static List<ThreadNode> references(List<ThreadInput> messages) {
        // (1) link the containers of every message and everything it refers to
        Map<String, Container> byId = new HashMap<>();
        List<Container> all = new ArrayList<>();
        for (ThreadInput message : messages) {
            Container own = message.messageId() == null ? null : byId.get(message.messageId());
            if (own == null || own.message != null) { // no id, a new id, or a second message with the same id
                own = new Container();
                if (message.messageId() != null && !byId.containsKey(message.messageId())) {
                    byId.put(message.messageId(), own);
                }
                all.add(own);
            }
            own.message = message;
            Container previous = null;
            for (String reference : message.references()) {
                Container referred = byId.computeIfAbsent(reference, id -> {
                    Container placeholder = new Container();
                    all.add(placeholder);
                    return placeholder;
                });
                if (previous != null && referred.parent == null && !createsLoop(previous, referred)) {
                    referred.link(previous);
                }
                previous = referred;
            }
            // the message's own parent is its last reference, whatever was presumed before
            own.unlink();
            if (previous != null && !createsLoop(previous, own)) {
                own.link(previous);
            }
        }
        // (2) the root set; (4) placeholders pruned
        Container root = new Container();
        for (Container container : all) {
            if (container.parent == null) {
                root.children.add(container);
                container.parent = root;
            }
        }
        prune(root);
        // (5) top level by date; (6) gather threads of the same base subject
        root.children.forEach(Container::sortTree);
        root.children.sort(Container.BY_DATE);
        gatherBySubject(root);
        // (7) every set of siblings by date
        root.sortTree();
        return root.children.stream().map(Container::node).toList();
    }

    private static boolean createsLoop(Container parent, Container child) {
        for (Container up = parent; up != null; up = up.parent) {
            if (up == child) {
                return true;
            }
        }
        return false;
    }

    /** Placeholders without children go; with children they give way to them, except at the top with several. */
    private static void prune(Container container) {
        List<Container> kept = new ArrayList<>();
        for (Container child : container.children) {
            prune(child);
            if (child.message == null) {
                boolean top = container.parent == null;
                if (child.children.isEmpty()) {
                    continue;
                }
                if (!top || child.children.size() == 1) {
                    for (Container grandchild : child.children) {
                        grandchild.parent = container;
                        kept.add(grandchild);
                    }
                    continue;
                }
            }
            kept.add(child);
        }
        container.children.clear();
        container.children.addAll(kept);
    }

    private static void gatherBySubject(Container root) {
        Map<String, Container> bySubject = new HashMap<>();
        for (Container container : root.children) {
            BaseSubject subject = container.subject();
            if (subject.text().isEmpty()) {
                continue;
            }
            Container held = bySubject.get(subject.key());
            if (held == null || (container.message == null && held.message != null)
                    || (held.message != null && held.subject().reply() && container.message != null && !subject.reply())) {
                bySubject.put(subject.key(), container);
            }
        }
        for (Container container : new ArrayList<>(root.children)) {
            BaseSubject subject = container.subject();
            Container held = subject.text().isEmpty() ? null : bySubject.get(subject.key());
            if (held == null || held == container || container.parent != root) {
                continue;
            }
            root.children.remove(container);
            if (held.message == null && container.message == null) {
                for (Container child : container.children) {
                    child.parent = held;
                    held.children.add(child);
                }
            } else if (held.message == null) {
                held.adopt(container);
            } else if (!held.subject().reply() && subject.reply()) {
                held.adopt(container);
            } else {
                int at = root.children.indexOf(held);
                if (at < 0) { // the subject's holder went under another thread: this one stays on top
                    root.children.add(container);
                    continue;
                }
                Container group = new Container();
                root.children.set(at, group);
                group.parent = root;
                group.adopt(held);
                group.adopt(container);
                bySubject.put(subject.key(), group);
            }
        }
    }

    private static final Comparator<ThreadInput> BY_DATE = Comparator.comparing(ThreadInput::sentDate,
            Comparator.nullsFirst(Comparator.naturalOrder())).thenComparingLong(ThreadInput::uid);

    /** A place in the tree: a message, or a message-id some message referred to. */
    private static final class Container {
        static final Comparator<Container> BY_DATE = Comparator.comparing(Container::sortDate,
                Comparator.nullsFirst(Comparator.naturalOrder())).thenComparingLong(Container::sortUid);

        ThreadInput message;
        Container parent;
        final List<Container> children = new ArrayList<>();

        void link(Container newParent) {
            parent = newParent;
            newParent.children.add(this);
        }

        void unlink() {
            if (parent != null) {
                parent.children.remove(this);
                parent = null;
            }
        }

        void adopt(Container child) {
            child.parent = this;
            children.add(child);
        }

        /** A placeholder sorts and is named by its first child (RFC 5256 steps 5 and 6). */
        ThreadInput representative() {
            return message != null ? message : children.isEmpty() ? null : children.get(0).representative();
        }

        BaseSubject subject() {
            ThreadInput first = representative();
            return BaseSubject.of(first == null ? null : first.subject());
        }

        Instant sortDate() {
            ThreadInput first = representative();
            return first == null ? null : first.sentDate();
        }

        long sortUid() {
            ThreadInput first = representative();
            return first == null ? 0 : first.uid();
        }

        void sortTree() {
            children.forEach(Container::sortTree);
            children.sort(BY_DATE);
        }

        ThreadNode node() {
            return new ThreadNode(message == null ? 0 : message.uid(), children.stream().map(Container::node).toList());
        }
    }
}

package edu.hamburger.mail.webmail.api;

import edu.hamburger.mail.core.api.MessageSummary;
import edu.hamburger.mail.core.api.ThreadNode;
import edu.hamburger.mail.webmail.mime.MessageView.Mailbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One page of a folder's conversations: messages grouped by References and In-Reply-To (RFC 5256
 * REFERENCES threading, done by mailbox-service), the conversation with the newest message first.
 */
public record ConversationList(long folderId, long total, int page, int pageSize, List<Conversation> conversations) {

    /** Senders named on a conversation's line, at most. */
    static final int PARTICIPANTS = 4;
    /**
     * A conversation's newest messages read for its line (senders, unread, flags), at most; its
     * count and UIDs are all of them.
     */
    static final int LINES_READ = 50;

    /**
     * A conversation: its messages' UIDs oldest first, how many of those read for the line are
     * unread, and the newest message as a list line (subject, date, flags) to show it by.
     */
    public record Conversation(List<Long> uids, int count, int unread, boolean flagged, boolean hasAttachments,
                               List<Mailbox> participants, MessageList.Item latest) {
    }

    /** The UIDs of a thread (placeholders left out) in the order they arrived. */
    static List<Long> members(ThreadNode root, Map<Long, MessageSummary> known) {
        List<Long> uids = new ArrayList<>();
        collect(root, uids);
        return uids.stream().filter(known::containsKey)
                .sorted(Comparator.comparing((Long uid) -> arrival(known.get(uid))).thenComparingLong(uid -> uid))
                .toList();
    }

    private static void collect(ThreadNode node, List<Long> into) {
        // iterative: a reply chain may be deeper than a thread's stack
        var pending = new ArrayList<ThreadNode>();
        pending.add(node);
        while (!pending.isEmpty()) {
            ThreadNode next = pending.remove(pending.size() - 1);
            if (!next.placeholder()) {
                into.add(next.uid());
            }
            pending.addAll(next.children());
        }
    }

    static Instant arrival(MessageSummary summary) {
        return summary == null || summary.internalDate() == null ? Instant.EPOCH : summary.internalDate();
    }

    /** A conversation from its members' list lines, oldest first. */
    static Conversation of(List<Long> uids, Map<Long, MessageList.Item> items) {
        List<MessageList.Item> lines = uids.stream().map(items::get).filter(java.util.Objects::nonNull).toList();
        Map<String, Mailbox> senders = new LinkedHashMap<>();
        for (MessageList.Item line : lines) {
            for (Mailbox from : line.from()) {
                senders.putIfAbsent(from.address().toLowerCase(java.util.Locale.ROOT), from);
            }
        }
        List<Mailbox> participants = new ArrayList<>(senders.values());
        return new Conversation(uids, uids.size(),
                (int) lines.stream().filter(line -> !line.seen()).count(),
                lines.stream().anyMatch(MessageList.Item::flagged),
                lines.stream().anyMatch(MessageList.Item::hasAttachments),
                participants.subList(0, Math.min(PARTICIPANTS, participants.size())),
                lines.isEmpty() ? null : lines.get(lines.size() - 1));
    }
}

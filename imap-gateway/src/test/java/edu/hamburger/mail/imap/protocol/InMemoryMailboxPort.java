package edu.hamburger.mail.imap.protocol;

import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.core.api.AppendResult;
import edu.hamburger.mail.core.api.CopyResult;
import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.api.ExpungeResult;
import edu.hamburger.mail.core.api.FlagChange;
import edu.hamburger.mail.core.api.FlagChangeResult;
import edu.hamburger.mail.core.api.MailboxIndex;
import edu.hamburger.mail.core.api.MailboxInfo;
import edu.hamburger.mail.core.api.MailboxState;
import edu.hamburger.mail.core.api.MailboxSnapshot;
import edu.hamburger.mail.core.api.RecentClaim;
import edu.hamburger.mail.core.api.MessageSummary;
import edu.hamburger.mail.core.api.SearchKey;
import edu.hamburger.mail.core.api.StoreException;
import edu.hamburger.mail.core.message.BodyPart;
import edu.hamburger.mail.core.message.MessageEnvelope;
import edu.hamburger.mail.core.message.UidSet;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link MailboxPort} in memory for protocol tests without sockets: one account (bob, password
 * "secret") with mailboxes, messages, flags and modseqs, a quota, and a largest message. What it
 * does not model (real envelopes and body structures, sections, text searches) is tested against
 * the real mailbox-service by the socket tests. Not thread-safe: the in-memory runner is one thread.
 */
final class InMemoryMailboxPort implements MailboxPort {

    static final AccountRef BOB = new AccountRef(2, "bob@example.test");
    /** How often message summaries were asked for: what a session's catch-up costs the store. */
    final java.util.concurrent.atomic.AtomicInteger summaryCalls = new java.util.concurrent.atomic.AtomicInteger();

    long quotaBytes = Long.MAX_VALUE;
    Long quotaMessages;
    long maxMessage = Long.MAX_VALUE;
    private long usedBytes;
    private long nextMailboxId = 1;
    private long modseq = 1;
    private final Map<String, Box> boxes = new LinkedHashMap<>();

    private static final class Box {
        final long id;
        String name;
        String specialUse;
        long uidNext = 1;
        long firstRecentUid = 1;
        long highestModseq = 1;
        final TreeMap<Long, Message> messages = new TreeMap<>();
        final TreeMap<Long, Long> expunged = new TreeMap<>(); // uid -> modseq

        Box(long id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    private record Message(long uid, byte[] bytes, TreeSet<String> flags, long modseq, Instant date) {
    }

    /** Every message looks alike to FETCH ENVELOPE and BODYSTRUCTURE here: one text part. */
    private static final MessageEnvelope ENVELOPE = new MessageEnvelope("Tue, 24 Nov 2026 10:00:00 +0000", "in memory",
            List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), null, null);

    private static BodyPart structure(Message m) {
        return new BodyPart("text", "plain", Map.of("charset", "us-ascii"), null, null, "7bit", m.bytes().length, 1, null,
                Map.of(), List.of(), null, null, 0, 0, m.bytes().length, List.of(), null, null);
    }

    /** The mailboxes mailbox-service gives every new account (AccountDirectory). */
    InMemoryMailboxPort() {
        box("INBOX");
        subscriptions.addAll(List.of("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive"));
        for (String[] special : new String[][] {{"Sent", "\\Sent"}, {"Drafts", "\\Drafts"}, {"Trash", "\\Trash"},
                {"Junk", "\\Junk"}, {"Archive", "\\Archive"}}) {
            box(special[0]).specialUse = special[1];
        }
    }

    /** Subscribed names: a name may be subscribed with no mailbox of that name (RFC 3501 §6.3.6). */
    private final TreeSet<String> subscriptions = new TreeSet<>();

    private Box box(String name) {
        Box box = new Box(nextMailboxId++, name);
        boxes.put(name, box);
        return box;
    }

    /** Puts a message into a mailbox as delivery would. */
    long deliver(String mailbox, String message) {
        Box box = boxes.get(mailbox);
        long uid = box.uidNext++;
        box.highestModseq = ++modseq;
        box.messages.put(uid, new Message(uid, message.getBytes(java.nio.charset.StandardCharsets.UTF_8), new TreeSet<>(), modseq,
                Instant.parse("2026-11-24T10:00:00Z")));
        return uid;
    }

    private MailboxInfo info(Box box) {
        long unseen = box.messages.values().stream().filter(m -> !m.flags().contains("\\Seen")).count();
        long size = box.messages.values().stream().mapToLong(m -> m.bytes().length).sum();
        long recent = box.messages.tailMap(box.firstRecentUid).size();
        return new MailboxInfo(box.id, box.name, box.specialUse, 7, box.uidNext, box.highestModseq, subscriptions.contains(box.name), box.messages.size(),
                unseen, size, recent, box.messages.values().stream().filter(m -> m.flags().contains("\\Deleted")).count());
    }

    private Box byId(long mailbox) {
        return boxes.values().stream().filter(b -> b.id == mailbox).findFirst()
                .orElseThrow(() -> new StoreException(ErrorCode.NOT_FOUND, "mailbox " + mailbox + " not found"));
    }

    private static <T> Uni<T> done(T value) {
        return Uni.createFrom().item(value);
    }

    @Override
    public Uni<AccountRef> authenticate(String username, String password, String clientAddress) {
        if (password.equals("try-later")) { // the login policy's back-off, as mailbox-service answers it
            return Uni.createFrom().failure(new edu.hamburger.mail.core.api.StoreException(
                    edu.hamburger.mail.core.api.ErrorCode.TRY_LATER, "too many failed logins", java.time.Duration.ofSeconds(4)));
        }
        return done(username.equalsIgnoreCase(BOB.address()) && password.equals("secret") ? BOB : null);
    }

    @Override
    public Uni<List<MailboxInfo>> mailboxes(long account) {
        return done(boxes.values().stream().map(this::info).toList());
    }

    @Override
    public Uni<MailboxInfo> mailboxByName(long account, String name) {
        Box box = boxes.get(name);
        return done(box == null ? null : info(box));
    }

    @Override
    public Uni<edu.hamburger.mail.core.api.QuotaUsage> quota(long account) {
        long used = boxes.values().stream().flatMap(box -> box.messages.values().stream()).mapToLong(m -> m.bytes().length).sum();
        long count = boxes.values().stream().mapToLong(box -> box.messages.size()).sum();
        return Uni.createFrom().item(new edu.hamburger.mail.core.api.QuotaUsage(used, quotaBytes, count, quotaMessages));
    }

    @Override
    public Uni<MailboxState> mailboxState(long account, long mailbox) {
        return Uni.createFrom().item(() -> {
            MailboxInfo info = info(byId(mailbox));
            return new MailboxState(info.id(), info.uidValidity(), info.uidNext(), info.highestModseq());
        });
    }

    @Override
    public Uni<MailboxInfo> create(long account, String name) {
        return Uni.createFrom().item(() -> {
            if (boxes.containsKey(name)) {
                throw new StoreException(ErrorCode.EXISTS, "mailbox " + name + " exists");
            }
            return info(box(name)); // not subscribed, as in mailbox-service
        });
    }

    @Override
    public Uni<MailboxInfo> rename(long account, long mailbox, String newName) {
        return Uni.createFrom().item(() -> {
            Box box = byId(mailbox);
            if (boxes.containsKey(newName)) {
                throw new StoreException(ErrorCode.EXISTS, "mailbox " + newName + " exists");
            }
            String oldName = box.name;
            String prefix = oldName + MailboxInfo.DELIMITER;
            for (Box moved : List.copyOf(boxes.values())) { // the children move along (RFC 3501 §6.3.5)
                if (moved == box || moved.name.startsWith(prefix)) {
                    boxes.remove(moved.name);
                    if (subscriptions.remove(moved.name)) {
                        subscriptions.add(newName + moved.name.substring(oldName.length()));
                    }
                    moved.name = newName + moved.name.substring(oldName.length());
                    boxes.put(moved.name, moved);
                }
            }
            return info(box);
        });
    }

    @Override
    public Uni<MailboxInfo> delete(long account, long mailbox) {
        return Uni.createFrom().item(() -> {
            Box box = byId(mailbox);
            if (boxes.keySet().stream().anyMatch(name -> name.startsWith(box.name + MailboxInfo.DELIMITER))) {
                throw new StoreException(ErrorCode.HAS_CHILDREN, "mailbox " + box.name + " has children: delete them first");
            }
            boxes.remove(box.name);
            usedBytes -= box.messages.values().stream().mapToLong(m -> m.bytes().length).sum();
            return info(box);
        });
    }

    @Override
    public Uni<Void> subscribe(long account, String name, boolean subscribed) {
        if (subscribed) {
            subscriptions.add(name);
        } else {
            subscriptions.remove(name);
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<List<String>> subscriptions(long account) {
        return done(List.copyOf(subscriptions));
    }

    @Override
    public Uni<List<MessageSummary>> summaries(long account, long mailbox, String uids, Long changedSince, String include) {
        summaryCalls.incrementAndGet();
        return Uni.createFrom().item(() -> {
            Box box = byId(mailbox);
            UidSet set = UidSet.parse(uids);
            List<MessageSummary> list = new ArrayList<>();
            for (Message m : box.messages.values()) {
                if (set.contains(m.uid(), box.uidNext - 1) && (changedSince == null || m.modseq() > changedSince)) {
                    list.add(new MessageSummary(m.uid(), List.copyOf(m.flags()), m.modseq(), m.date(), m.bytes().length,
                            include == null ? null : ENVELOPE, include == null || include.equals("envelope") ? null : structure(m),
                            System.identityHashCode(m.bytes()) & 0x7fffffffL, null, null));
                }
            }
            return list;
        });
    }

    @Override
    public Uni<MailboxSnapshot> snapshot(long account, String name, boolean claimRecent) {
        Box box = boxes.get(name);
        if (box == null) {
            return done(null);
        }
        RecentClaim recent = claimRecent ? claim(box, Long.MAX_VALUE) : new RecentClaim(box.firstRecentUid, box.uidNext);
        int n = box.messages.size();
        long[] uids = new long[n];
        long[] modseqs = new long[n];
        String[][] flags = new String[n][];
        int i = 0;
        for (Message m : box.messages.values()) {
            uids[i] = m.uid();
            modseqs[i] = m.modseq();
            flags[i++] = m.flags().toArray(String[]::new);
        }
        return done(new MailboxSnapshot(info(box), new MailboxIndex(uids, modseqs, flags), recent));
    }

    @Override
    public Uni<RecentClaim> claimRecent(long account, long mailbox, long upTo) {
        return done(claim(byId(mailbox), upTo));
    }

    private static RecentClaim claim(Box box, long upTo) {
        long from = box.firstRecentUid;
        box.firstRecentUid = Math.max(from, Math.min(upTo, box.uidNext));
        return new RecentClaim(from, box.firstRecentUid);
    }

    @Override
    public Uni<byte[]> section(long account, long mailbox, long uid, String section, String part, long offset, long length) {
        return Uni.createFrom().item(() -> {
            Message m = byId(mailbox).messages.get(uid);
            if (m == null || !section.isEmpty() || !"body".equals(part)) {
                throw new StoreException(ErrorCode.NOT_FOUND, "section not modelled in memory");
            }
            int end = length < 0 ? m.bytes().length : (int) Math.min(m.bytes().length, offset + length);
            return Arrays.copyOfRange(m.bytes(), (int) Math.min(offset, m.bytes().length), end);
        });
    }

    @Override
    public Uni<AppendResult> append(long account, long mailbox, byte[] message, List<String> flags, Instant internalDate) {
        return Uni.createFrom().item(() -> {
            Box box = byId(mailbox);
            if (message.length > maxMessage) {
                throw new StoreException(ErrorCode.MESSAGE_TOO_LARGE, "message larger than " + maxMessage + " octets");
            }
            if (quotaMessages != null && boxes.values().stream().mapToLong(b -> b.messages.size()).sum() + 1 > quotaMessages) {
                throw new StoreException(ErrorCode.OVER_QUOTA, "account is over its message quota");
            }
            if (usedBytes + message.length > quotaBytes) {
                throw new StoreException(ErrorCode.OVER_QUOTA, "account is over quota (" + usedBytes + " + " + message.length
                        + " > " + quotaBytes + " octets)");
            }
            usedBytes += message.length;
            long uid = box.uidNext++;
            box.highestModseq = ++modseq;
            box.messages.put(uid, new Message(uid, message, new TreeSet<>(flags), modseq,
                    internalDate == null ? Instant.now() : internalDate));
            return new AppendResult(box.id, 7, uid, modseq);
        });
    }

    @Override
    public Uni<CopyResult> copy(long account, long mailbox, String uids, long target, boolean move) {
        return Uni.createFrom().item(() -> {
            Box from = byId(mailbox);
            Box to = byId(target);
            UidSet set = UidSet.parse(uids);
            List<Long> sources = new ArrayList<>();
            List<Long> targets = new ArrayList<>();
            for (Message m : List.copyOf(from.messages.values())) {
                if (set.contains(m.uid(), from.uidNext - 1)) {
                    long uid = to.uidNext++;
                    to.highestModseq = ++modseq;
                    to.messages.put(uid, new Message(uid, m.bytes(), new TreeSet<>(m.flags()), modseq, m.date()));
                    sources.add(m.uid());
                    targets.add(uid);
                    if (move) {
                        from.messages.remove(m.uid());
                        from.highestModseq = ++modseq;
                        from.expunged.put(m.uid(), modseq);
                    }
                }
            }
            return new CopyResult(7, sources, targets);
        });
    }

    @Override
    public Uni<List<Long>> search(long account, long mailbox, SearchKey key) {
        return Uni.createFrom().item(() -> {
            Box box = byId(mailbox);
            return box.messages.values().stream().filter(m -> matches(key, m, box)).map(Message::uid).toList();
        });
    }

    /** SORT by what memory knows: ARRIVAL, SIZE and SUBJECT (the header read plainly), REVERSE. */
    @Override
    public Uni<List<Long>> sort(long account, long mailbox, edu.hamburger.mail.core.api.SortRequest request) {
        return Uni.createFrom().item(() -> {
            Box box = byId(mailbox);
            java.util.Comparator<Message> order = null;
            boolean reverse = false;
            for (String criterion : request.criteria()) {
                java.util.Comparator<Message> one = switch (criterion) {
                    case "REVERSE" -> null;
                    case "ARRIVAL" -> java.util.Comparator.comparing(Message::date);
                    case "SIZE" -> java.util.Comparator.comparingInt(m -> m.bytes().length);
                    case "SUBJECT" -> java.util.Comparator.comparing(m -> edu.hamburger.mail.core.thread.BaseSubject.of(header(m, "Subject")).key());
                    default -> throw new StoreException(ErrorCode.INVALID, "sort by " + criterion + " is not modelled in memory");
                };
                if (one == null) {
                    reverse = true;
                    continue;
                }
                one = reverse ? one.reversed() : one;
                reverse = false;
                order = order == null ? one : order.thenComparing(one);
            }
            return box.messages.values().stream().filter(m -> matches(request.key(), m, box))
                    .sorted(order.thenComparingLong(Message::uid)).map(Message::uid).toList();
        });
    }

    /** THREAD through the real threading code, over headers read plainly from the bytes. */
    @Override
    public Uni<List<edu.hamburger.mail.core.api.ThreadNode>> thread(long account, long mailbox,
            edu.hamburger.mail.core.api.ThreadRequest request) {
        return Uni.createFrom().item(() -> {
            Box box = byId(mailbox);
            List<edu.hamburger.mail.core.thread.ThreadInput> inputs = box.messages.values().stream()
                    .filter(m -> matches(request.key(), m, box))
                    .map(m -> new edu.hamburger.mail.core.thread.ThreadInput(m.uid(), header(m, "Message-ID"),
                            edu.hamburger.mail.core.thread.ThreadInput.references(header(m, "References"), header(m, "In-Reply-To")),
                            header(m, "Subject"), m.date()))
                    .toList();
            return request.algorithm().equals("REFERENCES") ? edu.hamburger.mail.core.thread.MessageThreader.references(inputs)
                    : edu.hamburger.mail.core.thread.MessageThreader.orderedSubject(inputs);
        });
    }

    private static String header(Message m, String name) {
        java.util.regex.Matcher field = java.util.regex.Pattern.compile("(?im)^" + name + ":[ \\t]*(.*?)\\r?$")
                .matcher(new String(m.bytes(), java.nio.charset.StandardCharsets.UTF_8).split("\\r?\\n\\r?\\n", 2)[0]);
        return field.find() ? field.group(1) : null;
    }

    /** The search keys the tests use; text searches are the real store's business. */
    private static boolean matches(SearchKey key, Message m, Box box) {
        return switch (key.key()) {
            case "ALL" -> true;
            case "AND" -> key.operands().stream().allMatch(k -> matches(k, m, box));
            case "OR" -> key.operands().stream().anyMatch(k -> matches(k, m, box));
            case "NOT" -> !matches(key.operands().get(0), m, box);
            case "UID" -> UidSet.parse(key.value()).contains(m.uid(), box.uidNext - 1);
            case "MODSEQ" -> m.modseq() >= Long.parseLong(key.value());
            case "EMAILID" -> (System.identityHashCode(m.bytes()) & 0x7fffffffL) == Long.parseLong(key.value());
            case "SEEN", "DELETED", "FLAGGED", "ANSWERED", "DRAFT" -> m.flags().contains(systemFlag(key.key()));
            case "UNSEEN", "UNDELETED", "UNFLAGGED", "UNANSWERED", "UNDRAFT" -> !m.flags().contains(systemFlag(key.key().substring(2)));
            case "KEYWORD" -> m.flags().contains(key.value());
            case "UNKEYWORD" -> !m.flags().contains(key.value());
            case "LARGER" -> m.bytes().length > Long.parseLong(key.value());
            case "SMALLER" -> m.bytes().length < Long.parseLong(key.value());
            default -> throw new StoreException(ErrorCode.INVALID, "search key " + key.key() + " is not modelled in memory");
        };
    }

    private static String systemFlag(String name) {
        return "\\" + name.charAt(0) + name.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Uni<FlagChangeResult> changeFlags(long account, long mailbox, FlagChange change) {
        return Uni.createFrom().item(() -> {
            Box box = byId(mailbox);
            UidSet set = UidSet.parse(change.uids());
            List<FlagChangeResult.MessageFlags> changed = new ArrayList<>();
            List<Long> modified = new ArrayList<>();
            for (Message m : List.copyOf(box.messages.values())) {
                if (!set.contains(m.uid(), box.uidNext - 1)) {
                    continue;
                }
                if (change.unchangedSince() != null && m.modseq() > change.unchangedSince()) {
                    modified.add(m.uid());
                    continue;
                }
                TreeSet<String> flags = new TreeSet<>(m.flags());
                switch (change.mode()) {
                    case ADD -> flags.addAll(change.flags());
                    case REMOVE -> flags.removeAll(change.flags());
                    case REPLACE -> {
                        flags.clear();
                        flags.addAll(change.flags());
                    }
                }
                if (!flags.equals(m.flags())) {
                    box.highestModseq = ++modseq;
                    box.messages.put(m.uid(), new Message(m.uid(), m.bytes(), flags, modseq, m.date()));
                    changed.add(new FlagChangeResult.MessageFlags(m.uid(), List.copyOf(flags), modseq));
                }
            }
            return new FlagChangeResult(changed, modified, box.highestModseq);
        });
    }

    @Override
    public Uni<ExpungeResult> expunge(long account, long mailbox, String uids) {
        return Uni.createFrom().item(() -> {
            Box box = byId(mailbox);
            UidSet set = uids == null ? null : UidSet.parse(uids);
            List<Long> gone = new ArrayList<>();
            for (Message m : List.copyOf(box.messages.values())) {
                if (m.flags().contains("\\Deleted") && (set == null || set.contains(m.uid(), box.uidNext - 1))) {
                    box.messages.remove(m.uid());
                    usedBytes -= m.bytes().length;
                    box.highestModseq = ++modseq;
                    box.expunged.put(m.uid(), modseq);
                    gone.add(m.uid());
                }
            }
            return new ExpungeResult(gone, box.highestModseq);
        });
    }

    @Override
    public Uni<List<Long>> expunged(long account, long mailbox, long sinceModseq) {
        return Uni.createFrom().item(() -> byId(mailbox).expunged.entrySet().stream()
                .filter(e -> e.getValue() > sinceModseq).map(Map.Entry::getKey).toList());
    }
}

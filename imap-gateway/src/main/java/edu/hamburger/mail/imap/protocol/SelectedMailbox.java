package edu.hamburger.mail.imap.protocol;

import edu.hamburger.mail.core.api.MailboxInfo;
import edu.hamburger.mail.core.api.MessageSummary;
import edu.hamburger.mail.core.api.RecentClaim;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The session's view of its selected mailbox (RFC 3501 §2.3.1): message sequence numbers map to
 * UIDs by position, and the flags and modseq of every message are kept, so FETCH FLAGS of the
 * whole mailbox needs no round trip. Changes by others come in through {@link #apply}; until the
 * session reports them, numbers stay as the client knows them.
 */
public final class SelectedMailbox {

    private final long id;
    private final String name;
    private final boolean readOnly;
    private final long uidValidity;
    private long uidNext;
    private long highestModseq;
    /**
     * Every change up to this modseq has been told to the client. Apart from highestModseq:
     * the session's own STORE moves that past changes of other sessions it has not reported yet.
     */
    private long reportedModseq;
    private long[] uids;
    private long[] modseqs;
    private long[] savedResult = new long[0];
    private boolean recentShown = true;
    private String[][] flags;
    private int count;
    /**
     * UID ranges \Recent to this session (RFC 3501 §2.3.2): what its SELECT and its later claims
     * got. Claims only move up (the store's first unclaimed UID never goes back), so the ranges
     * ascend and a claim that continues the last range extends it.
     */
    private final List<RecentClaim> recent = new ArrayList<>();
    /** Keywords the client has been told of in FLAGS (RFC 3501 §7.2.6: a FETCH may show only those). */
    private final java.util.TreeSet<String> keywords = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    private boolean newKeywords;

    public SelectedMailbox(MailboxInfo info, boolean readOnly, edu.hamburger.mail.core.api.MailboxIndex index,
            RecentClaim recentClaim) {
        this.id = info.id();
        this.name = info.name();
        this.readOnly = readOnly;
        this.uidValidity = info.uidValidity();
        this.uidNext = info.uidNext();
        this.highestModseq = info.highestModseq();
        this.reportedModseq = info.highestModseq();
        count = index.uids().length;
        int size = Math.max(16, count);
        uids = Arrays.copyOf(index.uids(), size);
        modseqs = Arrays.copyOf(index.modseqs(), size);
        flags = new String[size][];
        for (int i = 0; i < count; i++) {
            flags[i] = intern(index.flags()[i] == null ? List.of() : Arrays.asList(index.flags()[i]));
            noteKeywords(flags[i]);
            highestModseq = Math.max(highestModseq, modseqs[i]);
        }
        if (count > 0) {
            uidNext = Math.max(uidNext, uids[count - 1] + 1);
        }
        addRecent(recentClaim);
        newKeywords = false; // SELECT's own FLAGS response tells of these
    }

    /** FLAGS as SELECT and later FLAGS responses give it: the system flags and every keyword in use. */
    public String flagList() {
        return keywords.isEmpty() ? Flags.SYSTEM : Flags.SYSTEM + " " + String.join(" ", keywords);
    }

    /** True once after a keyword came into use that the client has not been told of. */
    boolean takeNewKeywords() {
        boolean result = newKeywords;
        newKeywords = false;
        return result;
    }

    private void noteKeywords(String[] messageFlags) {
        for (String flag : messageFlags) {
            if (!flag.startsWith("\\") && keywords.add(flag)) {
                newKeywords = true;
            }
        }
    }

    public long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public long uidValidity() {
        return uidValidity;
    }

    public long uidNext() {
        return uidNext;
    }

    public long highestModseq() {
        return highestModseq;
    }

    public int exists() {
        return count;
    }

    public long uid(int msn) {
        return uids[msn - 1];
    }

    public long modseq(int msn) {
        return modseqs[msn - 1];
    }

    /** The message's flags as FETCH tells them: the stored ones, and \Recent when it is recent to this session. */
    public List<String> flags(int msn) {
        List<String> stored = Arrays.asList(flags[msn - 1]);
        if (!recentShown || !recent(uids[msn - 1])) {
            return stored;
        }
        List<String> withRecent = new ArrayList<>(stored.size() + 1);
        withRecent.add(Flags.RECENT);
        withRecent.addAll(stored);
        return withRecent;
    }

    /** IMAP4rev2 has no \Recent (RFC 9051 Appendix E): FETCH FLAGS and new-mail reports leave it out. */
    void hideRecent() {
        recentShown = false;
    }

    boolean recentShown() {
        return recentShown;
    }

    boolean recent(long uid) {
        for (RecentClaim claim : recent) {
            if (claim.contains(uid)) {
                return true;
            }
        }
        return false;
    }

    /** UIDs from the claim are now recent to this session. */
    void addRecent(RecentClaim claim) {
        if (claim == null || claim.to() <= claim.from()) {
            return;
        }
        int last = recent.size() - 1;
        if (last >= 0 && claim.from() <= recent.get(last).to()) {
            RecentClaim previous = recent.get(last);
            recent.set(last, new RecentClaim(Math.min(previous.from(), claim.from()), Math.max(previous.to(), claim.to())));
        } else {
            recent.add(claim);
        }
    }

    /** The UIDs in the mailbox that are recent to this session, ascending (SEARCH RECENT/NEW/OLD). */
    long[] recentUids() {
        long[] found = new long[recentCount()];
        int filled = 0;
        for (RecentClaim claim : recent) {
            int from = indexAtOrAfter(claim.from());
            int length = indexAtOrAfter(claim.to()) - from;
            System.arraycopy(uids, from, found, filled, length);
            filled += length;
        }
        return found;
    }

    /** How many messages in the mailbox are recent to this session (the RECENT response). */
    int recentCount() {
        int total = 0;
        for (RecentClaim claim : recent) {
            total += indexAtOrAfter(claim.to()) - indexAtOrAfter(claim.from());
        }
        return total;
    }

    public long lastUid() {
        return count == 0 ? 0 : uids[count - 1];
    }

    /** The sequence number of a UID, or 0 when it is not in the mailbox. */
    public int msn(long uid) {
        int index = Arrays.binarySearch(uids, 0, count, uid);
        return index < 0 ? 0 : index + 1;
    }

    /** The first message without \Seen, or 0 (for the UNSEEN response code of SELECT). */
    public int firstUnseen() {
        for (int i = 0; i < count; i++) {
            if (!contains(flags[i], "\\Seen")) {
                return i + 1;
            }
        }
        return 0;
    }

    private static boolean contains(String[] values, String wanted) {
        for (String value : values) {
            if (value.equalsIgnoreCase(wanted)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The UIDs a sequence set names ({@code uid} true: a UID set, else sequence numbers), ascending.
     * Numbers beyond the mailbox are ignored for UID sets (RFC 3501 §6.4.8) and rejected for
     * sequence numbers.
     */
    public long[] resolve(String set, boolean uid) {
        return resolve(set, uid, false);
    }

    /**
     * As {@link #resolve(String, boolean)}; with {@code beyondMatchesNothing} sequence numbers past
     * the end name no message instead of being an error (SEARCH's criteria, as in Dovecot: "SEARCH
     * 1000" in a smaller mailbox finds nothing).
     */
    long[] resolve(String set, boolean uid, boolean beyondMatchesNothing) {
        if (set.equals("$")) { // RFC 5182: the saved result, less what has been expunged since
            return Arrays.stream(savedResult).filter(saved -> msn(saved) > 0).toArray();
        }
        List<long[]> ranges = new ArrayList<>();
        long largest = uid ? lastUid() : count;
        for (String item : set.split(",", -1)) {
            int colon = item.indexOf(':');
            long low = number(colon < 0 ? item : item.substring(0, colon), largest);
            long high = colon < 0 ? low : number(item.substring(colon + 1), largest);
            ranges.add(new long[] {Math.min(low, high), Math.max(low, high)});
        }
        if (ranges.size() > 100_000) {
            throw new ImapSyntaxException("too many ranges in a sequence set");
        }
        if (!uid && !beyondMatchesNothing) {
            for (long[] range : ranges) {
                if (range[1] > count || range[0] < 1) {
                    throw new ImapSyntaxException("message sequence number out of range");
                }
            }
        }
        java.util.BitSet marked = new java.util.BitSet(count);
        for (long[] range : ranges) {
            int from = uid ? indexAtOrAfter(range[0]) : (int) Math.max(0, Math.min(range[0] - 1, count));
            int to = uid ? indexAtOrAfter(range[1] + 1) : (int) Math.min(range[1], count);
            if (from < to) {
                marked.set(from, to);
            }
        }
        long[] selected = new long[marked.cardinality()];
        int found = 0;
        for (int i = marked.nextSetBit(0); i >= 0; i = marked.nextSetBit(i + 1)) {
            selected[found++] = uids[i];
        }
        return selected;
    }

    /**
     * Keeps a SEARCH RETURN (SAVE) result (RFC 5182) for "$". It is kept as UIDs, so it names the
     * same messages after others are expunged; a new SELECT starts with an empty one.
     */
    void saveResult(long[] uids) {
        savedResult = uids.clone();
        Arrays.sort(savedResult);
    }

    /** Index of the first UID that is at least {@code uid}. */
    private int indexAtOrAfter(long uid) {
        int index = Arrays.binarySearch(uids, 0, count, uid);
        return index >= 0 ? index : -index - 1;
    }

    /** A UID set written by a client (QRESYNC known-uids), as sorted UIDs; '*' is not allowed there. */
    static long[] parseUidList(String set) {
        java.util.TreeSet<Long> uids = new java.util.TreeSet<>();
        for (String item : set.split(",", -1)) {
            int colon = item.indexOf(':');
            long low = number(colon < 0 ? item : item.substring(0, colon), 0);
            long high = colon < 0 ? low : number(item.substring(colon + 1), 0);
            if (Math.abs(high - low) > 1_000_000 || uids.size() > 1_000_000) {
                throw new ImapSyntaxException("known-uids too large");
            }
            for (long uid = Math.min(low, high); uid <= Math.max(low, high); uid++) {
                uids.add(uid);
            }
        }
        return uids.stream().mapToLong(Long::longValue).toArray();
    }

    private static long number(String text, long largest) {
        if (text.equals("*")) {
            return largest;
        }
        try {
            long value = Long.parseLong(text);
            if (value <= 0) {
                throw new ImapSyntaxException("sequence numbers start at 1");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ImapSyntaxException("bad sequence set: " + text);
        }
    }

    /** A new message (UIDs only grow, so it goes at the end). */
    void add(MessageSummary message) {
        if (count == uids.length) {
            int size = uids.length * 2;
            uids = Arrays.copyOf(uids, size);
            modseqs = Arrays.copyOf(modseqs, size);
            flags = Arrays.copyOf(flags, size);
        }
        uids[count] = message.uid();
        modseqs[count] = message.modseq();
        flags[count] = intern(message.flags());
        noteKeywords(flags[count]);
        count++;
        uidNext = Math.max(uidNext, message.uid() + 1);
        highestModseq = Math.max(highestModseq, message.modseq());
    }

    /** New flags for a message this session knows; false if it does not know it (yet) or knows this version already. */
    boolean update(MessageSummary message) {
        int msn = msn(message.uid());
        if (msn == 0 || modseqs[msn - 1] == message.modseq() && message.modseq() != 0) {
            return false;
        }
        flags[msn - 1] = intern(message.flags());
        noteKeywords(flags[msn - 1]);
        modseqs[msn - 1] = message.modseq();
        highestModseq = Math.max(highestModseq, message.modseq());
        return true;
    }

    /** Removes a UID; returns the sequence number it had, or 0. */
    int remove(long uid) {
        int msn = msn(uid);
        if (msn == 0) {
            return 0;
        }
        int index = msn - 1;
        System.arraycopy(uids, index + 1, uids, index, count - index - 1);
        System.arraycopy(modseqs, index + 1, modseqs, index, count - index - 1);
        System.arraycopy(flags, index + 1, flags, index, count - index - 1);
        count--;
        flags[count] = null;
        return msn;
    }

    long reportedModseq() {
        return reportedModseq;
    }

    /** Everything the store had committed up to modseq has now been reported. */
    void reported(long modseq) {
        reportedModseq = Math.max(reportedModseq, modseq);
        highestModseq = Math.max(highestModseq, modseq);
    }

    void advance(long modseq, long nextUid) {
        highestModseq = Math.max(highestModseq, modseq);
        uidNext = Math.max(uidNext, nextUid);
    }

    private static final String[] NO_FLAGS = new String[0];

    /** Flags repeat across messages: share the strings (a 100,000-message mailbox has a handful of distinct ones). */
    private static String[] intern(List<String> values) {
        if (values == null || values.isEmpty()) {
            return NO_FLAGS;
        }
        String[] result = new String[values.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = values.get(i).intern();
        }
        return result;
    }
}

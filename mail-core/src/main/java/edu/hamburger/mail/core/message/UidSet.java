package edu.hamburger.mail.core.message;

import java.util.ArrayList;
import java.util.List;

/**
 * An IMAP sequence-set of UIDs (RFC 3501 §9 {@code sequence-set}): "1:4,7,9:*". {@code *} stands
 * for the largest UID in use, given when the set is resolved. Ranges may be written backwards
 * ("5:2" is 2..5). At most {@link #MAX_RANGES} ranges, so a hostile set costs bounded work.
 */
public final class UidSet {

    public static final int MAX_RANGES = 1000;
    public static final long MAX_UID = 4294967295L;
    private static final long STAR = -1;

    private final List<long[]> ranges;

    private UidSet(List<long[]> ranges) {
        this.ranges = ranges;
    }

    public static UidSet parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty UID set");
        }
        String[] items = text.split(",", -1);
        if (items.length > MAX_RANGES) {
            throw new IllegalArgumentException("more than " + MAX_RANGES + " ranges in a UID set");
        }
        List<long[]> ranges = new ArrayList<>(items.length);
        for (String item : items) {
            int colon = item.indexOf(':');
            long low = number(colon < 0 ? item : item.substring(0, colon));
            long high = colon < 0 ? low : number(item.substring(colon + 1));
            ranges.add(new long[] {low, high});
        }
        return new UidSet(ranges);
    }

    /** Every UID, "1:*". */
    public static UidSet all() {
        return parse("1:*");
    }

    /** Whether the set names '*': only then does resolving it need the largest UID in use. */
    public boolean hasStar() {
        for (long[] range : ranges) {
            if (range[0] == STAR || range[1] == STAR) {
                return true;
            }
        }
        return false;
    }

    /** The set as ascending, non-overlapping [low, high] ranges, with '*' read as {@code largest}. */
    public List<long[]> resolve(long largest) {
        List<long[]> resolved = new ArrayList<>(ranges.size());
        for (long[] range : ranges) {
            long a = range[0] == STAR ? largest : range[0];
            long b = range[1] == STAR ? largest : range[1];
            resolved.add(new long[] {Math.min(a, b), Math.max(a, b)});
        }
        resolved.sort((x, y) -> Long.compare(x[0], y[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] range : resolved) {
            if (!merged.isEmpty() && range[0] <= merged.get(merged.size() - 1)[1] + 1) {
                long[] last = merged.get(merged.size() - 1);
                last[1] = Math.max(last[1], range[1]);
            } else {
                merged.add(range);
            }
        }
        return merged;
    }

    public boolean contains(long uid, long largest) {
        for (long[] range : resolve(largest)) {
            if (uid >= range[0] && uid <= range[1]) {
                return true;
            }
        }
        return false;
    }

    private static long number(String text) {
        if (text.equals("*")) {
            return STAR;
        }
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9') || text.charAt(0) == '0') {
            throw new IllegalArgumentException("bad number in UID set: '" + text + "'");
        }
        long value = Long.parseLong(text);
        if (value > MAX_UID) {
            throw new IllegalArgumentException("UID out of range: " + text);
        }
        return value;
    }
}

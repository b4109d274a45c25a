package edu.hamburger.mail.relay.queue;

import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The records of a partition already finished beyond its committed offset, written into the
 * offset commit's metadata string. The committed offset alone is the lowest record still in
 * flight, so everything finished after it would be delivered again by the next owner after a
 * crash or a rebalance; with this list beside it, the next owner skips them and only the
 * deliveries that were truly in flight are repeated. The commit and the list are one write, so
 * they never disagree. (The same idea as Confluent's parallel consumer.)
 *
 * <p>Text form: {@code f1:} then ranges relative to the committed offset, {@code 1-40,42,45-60}.
 * Kafka keeps at most {@code offset.metadata.max.bytes} (4096 by default) per partition; the
 * ranges are bounded by the records in flight (each one splits a range at most once), and when
 * the text would be longer the higher ranges are left out: those records are delivered again,
 * which is the at-least-once fallback, never a skip.
 */
final class FinishedOffsets {

    static final String PREFIX = "f1:";
    static final int MAX_LENGTH = 3800;
    /** More finished records than a partition takes in hours beyond one hung delivery. */
    static final long MAX_OFFSETS = 1_000_000;

    private FinishedOffsets() {
    }

    /** The metadata for committing {@code base}: the finished offsets above it, as ranges. */
    static String encode(long base, NavigableSet<Long> finished) {
        StringBuilder text = new StringBuilder(PREFIX);
        long rangeStart = -1;
        long rangeEnd = -1;
        for (long offset : finished.tailSet(base, false)) {
            if (rangeStart >= 0 && offset == rangeEnd + 1) {
                rangeEnd = offset;
                continue;
            }
            if (rangeStart >= 0 && !append(text, base, rangeStart, rangeEnd)) {
                return text.toString();
            }
            rangeStart = offset;
            rangeEnd = offset;
        }
        if (rangeStart >= 0) {
            append(text, base, rangeStart, rangeEnd);
        }
        return text.toString();
    }

    private static boolean append(StringBuilder text, long base, long from, long to) {
        String range = from == to ? Long.toString(from - base) : (from - base) + "-" + (to - base);
        if (text.length() + range.length() + 1 > MAX_LENGTH) {
            return false;
        }
        if (text.length() > PREFIX.length()) {
            text.append(',');
        }
        text.append(range);
        return true;
    }

    /**
     * The finished offsets a commit of {@code base} recorded; empty for metadata this class did
     * not write or cannot read, so a damaged list only ever means delivering again.
     */
    static NavigableSet<Long> decode(long base, String metadata) {
        TreeSet<Long> finished = new TreeSet<>();
        if (metadata == null || !metadata.startsWith(PREFIX) || base < 0) {
            return finished;
        }
        String ranges = metadata.substring(PREFIX.length());
        if (ranges.isEmpty()) {
            return finished;
        }
        try {
            for (String range : ranges.split(",")) {
                int dash = range.indexOf('-');
                long from = Long.parseLong(dash < 0 ? range : range.substring(0, dash));
                long to = dash < 0 ? from : Long.parseLong(range.substring(dash + 1));
                if (from < 1 || to < from || finished.size() + (to - from) > MAX_OFFSETS) {
                    return new TreeSet<>(); // not a list this class wrote: deliver again rather than hold a huge set
                }
                for (long relative = from; relative <= to; relative++) {
                    finished.add(base + relative);
                }
            }
        } catch (NumberFormatException e) {
            return new TreeSet<>();
        }
        return finished;
    }
}

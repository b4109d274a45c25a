package edu.hamburger.mail.relay.queue;

import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Which offsets of one partition are finished, when records are delivered in parallel and
 * finish in any order: the offset safe to commit is the lowest one still in flight, or the one
 * after the last handled record when nothing is in flight. A record skipped on purpose (purged,
 * superseded, dead-lettered) counts as handled.
 */
final class PartitionProgress {

    private final TreeSet<Long> inFlight = new TreeSet<>();
    private long nextUnhandled = -1;
    private long committed = -1;

    void started(long offset) {
        inFlight.add(offset);
        nextUnhandled = Math.max(nextUnhandled, offset + 1);
    }

    void handled(long offset) {
        nextUnhandled = Math.max(nextUnhandled, offset + 1);
    }

    void finished(long offset) {
        inFlight.remove(offset);
    }

    int inFlight() {
        return inFlight.size();
    }

    /** The offset to commit now, if it moved since the last commit. */
    OptionalLong toCommit() {
        long safe = inFlight.isEmpty() ? nextUnhandled : inFlight.first();
        return safe > committed ? OptionalLong.of(safe) : OptionalLong.empty();
    }

    void committed(long offset) {
        committed = Math.max(committed, offset);
    }
}

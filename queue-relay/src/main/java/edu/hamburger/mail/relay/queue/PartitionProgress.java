package edu.hamburger.mail.relay.queue;

import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which offsets of one partition are finished, when records are delivered in parallel and
 * finish in any order. The offset committed is the lowest one still in flight (or the one after
 * the last handled record when nothing is), and beside it, in the commit's metadata, the records
 * after it that are finished already ({@link FinishedOffsets}): a new owner after a crash or a
 * rebalance skips those, so only what was in flight is delivered twice. A record skipped on
 * purpose (purged, superseded, dead-lettered, or finished by an earlier owner) counts as handled.
 */
final class PartitionProgress {

    /** One commit to send: the offset and the finished records after it. */
    record Commit(long offset, String metadata, long finishedCount) {
    }

    private final TreeSet<Long> inFlight = new TreeSet<>();
    private final TreeSet<Long> doneAhead = new TreeSet<>();
    private long nextUnhandled = -1;
    private long sentOffset = -1;
    private long changes;
    private long sentChanges;
    private long finishedCount;
    private long committedFinishedCount;

    PartitionProgress() {
    }

    /** Progress taken over from the last commit of this partition (by this or another replica). */
    static PartitionProgress resumedFrom(long committedOffset, String metadata) {
        PartitionProgress progress = new PartitionProgress();
        NavigableSet<Long> finished = FinishedOffsets.decode(committedOffset, metadata);
        progress.doneAhead.addAll(finished);
        progress.sentOffset = committedOffset;
        return progress;
    }

    /** True if this record was finished already (by an earlier owner, or before a rewind). */
    boolean alreadyDone(long offset) {
        return doneAhead.contains(offset);
    }

    void started(long offset) {
        inFlight.add(offset);
        nextUnhandled = Math.max(nextUnhandled, offset + 1);
    }

    void handled(long offset) {
        doneAhead.add(offset);
        nextUnhandled = Math.max(nextUnhandled, offset + 1);
        changes++;
    }

    void finished(long offset) {
        if (inFlight.remove(offset)) {
            doneAhead.add(offset);
            finishedCount++;
            changes++;
        }
    }

    int finishedAhead() {
        return doneAhead.size();
    }

    int inFlight() {
        return inFlight.size();
    }

    /**
     * Deliveries whose outcome no commit holds yet: in flight, or finished since the last
     * acknowledged commit. A crash now delivers at most these again.
     */
    long unrecorded() {
        return inFlight.size() + finishedCount - committedFinishedCount;
    }

    /** The commit to send now, if anything changed since the last one. */
    Optional<Commit> toCommit() {
        long safe = inFlight.isEmpty() ? nextUnhandled : inFlight.first();
        if (safe < 0) {
            return Optional.empty();
        }
        doneAhead.headSet(safe).clear();
        if (safe <= sentOffset && changes == sentChanges) {
            return Optional.empty();
        }
        sentOffset = safe;
        sentChanges = changes;
        return Optional.of(new Commit(safe, FinishedOffsets.encode(safe, doneAhead), finishedCount));
    }

    void committed(Commit commit) {
        committedFinishedCount = Math.max(committedFinishedCount, commit.finishedCount());
    }

    /** A commit failed: send the current state again on the next turn. */
    void commitFailed() {
        sentOffset = -1;
        sentChanges = -1;
    }
}

package edu.hamburger.mail.relay.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PartitionProgressTest {

    @Test
    void commitsTheOldestRecordStillInFlightAndTheFinishedOnesAfterIt() {
        PartitionProgress progress = new PartitionProgress();
        progress.started(10);
        progress.started(11);
        progress.started(12);
        PartitionProgress.Commit first = progress.toCommit().orElseThrow();
        assertEquals(10, first.offset());
        assertEquals("f1:", first.metadata());
        progress.committed(first);
        assertTrue(progress.toCommit().isEmpty(), "nothing changed");

        progress.finished(12);
        PartitionProgress.Commit second = progress.toCommit().orElseThrow();
        assertEquals(10, second.offset(), "11 is still being delivered");
        assertEquals("f1:2", second.metadata(), "but 12 is recorded as finished");
        assertEquals(3, progress.unrecorded(), "two in flight, one finished and not acknowledged yet");
        progress.committed(second);
        assertEquals(2, progress.unrecorded());

        progress.finished(10);
        assertEquals(11, progress.toCommit().orElseThrow().offset());
        progress.finished(11);
        PartitionProgress.Commit last = progress.toCommit().orElseThrow();
        assertEquals(13, last.offset());
        assertEquals("f1:", last.metadata());
    }

    @Test
    void aNewOwnerSkipsWhatThePreviousOneFinishedAndDeliversOnlyWhatWasInFlight() {
        PartitionProgress crashed = new PartitionProgress();
        LongStream.rangeClosed(100, 120).forEach(crashed::started);
        LongStream.rangeClosed(101, 120).filter(o -> o != 107 && o != 115).forEach(crashed::finished);
        PartitionProgress.Commit lastCommit = crashed.toCommit().orElseThrow(); // then SIGKILL

        PartitionProgress next = PartitionProgress.resumedFrom(lastCommit.offset(), lastCommit.metadata());
        assertEquals(100, lastCommit.offset());
        for (long offset = 100; offset <= 120; offset++) {
            boolean inFlightAtTheCrash = offset == 100 || offset == 107 || offset == 115;
            assertEquals(!inFlightAtTheCrash, next.alreadyDone(offset), "offset " + offset);
        }
        // the new owner delivers 100, 107, 115 and skips the rest; its commits keep the list
        next.started(100);
        LongStream.rangeClosed(101, 106).forEach(next::handled);
        next.started(107);
        next.finished(100);
        PartitionProgress.Commit afterTakeover = next.toCommit().orElseThrow();
        assertEquals(107, afterTakeover.offset());
        assertEquals(new TreeSet<>(LongStream.rangeClosed(108, 120).filter(o -> o != 115).boxed().toList()),
                FinishedOffsets.decode(107, afterTakeover.metadata()));
    }

    @Test
    void aFailedCommitIsSentAgain() {
        PartitionProgress progress = new PartitionProgress();
        progress.handled(5);
        progress.handled(6);
        PartitionProgress.Commit commit = progress.toCommit().orElseThrow();
        assertEquals(7, commit.offset());
        assertTrue(progress.toCommit().isEmpty(), "sent, waiting for the answer");
        progress.commitFailed();
        assertEquals(commit.offset(), progress.toCommit().orElseThrow().offset());
        assertEquals(0, progress.inFlight());
    }

    @Test
    void rangesStayShortAndTheirTextBounded() {
        NavigableSet<Long> finished = new TreeSet<>();
        LongStream.range(1_000_001, 1_100_000).filter(o -> o % 1000 != 0).forEach(finished::add);
        String text = FinishedOffsets.encode(1_000_000, finished);
        assertTrue(text.length() < 1200, "a hundred gaps in 100,000 offsets: " + text.length() + " characters");
        assertEquals(finished, FinishedOffsets.decode(1_000_000, text));

        NavigableSet<Long> scattered = new TreeSet<>();
        LongStream.range(1, 20_000).filter(o -> o % 2 == 0).forEach(scattered::add);
        String bounded = FinishedOffsets.encode(0, scattered);
        assertTrue(bounded.length() <= FinishedOffsets.MAX_LENGTH, "within Kafka's metadata limit: " + bounded.length());
        NavigableSet<Long> kept = FinishedOffsets.decode(0, bounded);
        assertTrue(scattered.containsAll(kept), "what is kept is true");
        assertEquals(scattered.headSet(kept.last(), true), kept, "the lowest ones are kept, the rest delivered again");
    }

    @Test
    void metadataItDidNotWriteMeansDeliverAgain() {
        assertTrue(FinishedOffsets.decode(10, null).isEmpty());
        assertTrue(FinishedOffsets.decode(10, "").isEmpty());
        assertTrue(FinishedOffsets.decode(10, "something else").isEmpty());
        assertTrue(FinishedOffsets.decode(10, "f1:3,x").isEmpty());
        assertTrue(FinishedOffsets.decode(10, "f1:0").isEmpty(), "the committed offset itself is never finished");
        assertTrue(FinishedOffsets.decode(10, "f1:5-2").isEmpty());
        assertTrue(FinishedOffsets.decode(10, "f1:1-2000000").isEmpty(), "a list larger than any relay writes");
        assertFalse(FinishedOffsets.decode(10, "f1:1-3,7").isEmpty());
    }
}

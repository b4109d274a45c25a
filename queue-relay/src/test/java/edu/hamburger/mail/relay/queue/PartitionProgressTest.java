package edu.hamburger.mail.relay.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PartitionProgressTest {

    @Test
    void commitsOnlyUpToTheOldestRecordStillInFlight() {
        PartitionProgress progress = new PartitionProgress();
        progress.started(10);
        progress.started(11);
        progress.started(12);
        assertEquals(OptionalLong.of(10), progress.toCommit()); // nothing before 10 is pending
        progress.committed(10);
        progress.finished(12);
        assertTrue(progress.toCommit().isEmpty(), "11 is still being delivered: 12's completion changes nothing");
        progress.finished(10);
        assertEquals(OptionalLong.of(11), progress.toCommit());
        progress.finished(11);
        assertEquals(OptionalLong.of(13), progress.toCommit());
    }

    @Test
    void skippedRecordsCountAsHandled() {
        PartitionProgress progress = new PartitionProgress();
        progress.handled(5);
        progress.handled(6);
        assertEquals(OptionalLong.of(7), progress.toCommit());
        progress.committed(7);
        assertTrue(progress.toCommit().isEmpty());
        assertEquals(0, progress.inFlight());
    }
}

package edu.hamburger.mail.webmail.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.event.MailboxChange;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Changes reach only their account's streams, and an account's open streams are bounded (oldest closed first). */
class LiveChangesTest {

    private static MailboxChange added(long account) {
        return new MailboxChange(account, 5, "INBOX", MailboxChange.Kind.MESSAGES_ADDED, List.of(9L), 3, 10, Instant.now());
    }

    @Test
    void aChangeGoesToItsAccountsStreamsOnly() {
        LiveChanges changes = new LiveChanges();
        AssertSubscriber<LiveChanges.LiveEvent> alice = changes.of(1).subscribe().withSubscriber(AssertSubscriber.create(10));
        AssertSubscriber<LiveChanges.LiveEvent> bob = changes.of(2).subscribe().withSubscriber(AssertSubscriber.create(10));
        changes.dispatch(added(1));
        assertEquals(1, alice.getItems().size());
        assertEquals("messages_added", alice.getItems().get(0).kind());
        assertEquals(List.of(9L), alice.getItems().get(0).uids());
        assertEquals(0, bob.getItems().size());
    }

    @Test
    void theTwentyFirstStreamOfAnAccountClosesTheOldest() {
        LiveChanges changes = new LiveChanges();
        List<AssertSubscriber<LiveChanges.LiveEvent>> streams = new ArrayList<>();
        for (int i = 0; i <= LiveChanges.MAX_STREAMS_PER_ACCOUNT; i++) {
            streams.add(changes.of(7).subscribe().withSubscriber(AssertSubscriber.create(10)));
        }
        streams.get(0).assertCompleted();
        changes.dispatch(added(7));
        assertEquals(0, streams.get(0).getItems().size());
        for (int i = 1; i < streams.size(); i++) {
            assertEquals(1, streams.get(i).getItems().size(), "stream " + i);
        }
        streams.get(5).cancel();
        changes.dispatch(added(7));
        assertEquals(1, streams.get(5).getItems().size(), "a cancelled stream gets nothing more");
        assertTrue(streams.get(6).getItems().size() == 2);
    }
}

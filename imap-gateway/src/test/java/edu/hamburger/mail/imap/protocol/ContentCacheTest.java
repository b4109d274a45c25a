package edu.hamburger.mail.imap.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import edu.hamburger.mail.core.api.MailboxIndex;
import edu.hamburger.mail.core.api.MailboxInfo;
import edu.hamburger.mail.core.api.RecentClaim;
import edu.hamburger.mail.core.api.MessageSummary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentCacheTest {

    private static SelectedMailbox box(long id, long uidValidity) {
        return new SelectedMailbox(new MailboxInfo(id, "INBOX", null, uidValidity, 10, 5, true, 0, 0, 0, 0), false,
                new MailboxIndex(new long[0], new long[0], new String[0][]), RecentClaim.NONE);
    }

    private static MessageSummary summary(long uid) {
        return new MessageSummary(uid, List.of(), 1, Instant.now(), 100, null, null);
    }

    @Test
    void keyedByAccountMailboxAndUidValidity() {
        ContentCache cache = new ContentCache(100, 1 << 20, 1 << 16);
        cache.putSection(1, box(7, 100), 3, "", "body", 0, -1, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, cache.section(1, box(7, 100), 3, "", "body", 0, -1));
        assertNull(cache.section(2, box(7, 100), 3, "", "body", 0, -1), "another account never gets it");
        assertNull(cache.section(1, box(7, 101), 3, "", "body", 0, -1), "a new UIDVALIDITY means other messages");
        assertNull(cache.section(1, box(7, 100), 3, "1", "body", 0, -1), "another section");
    }

    @Test
    void aSummaryServesOnlyWhatWasFetched() {
        ContentCache cache = new ContentCache(100, 1 << 20, 1 << 16);
        cache.putSummary(1, box(7, 100), summary(3), "envelope");
        assertNotNull(cache.summary(1, box(7, 100), 3, null));
        assertNotNull(cache.summary(1, box(7, 100), 3, "envelope"));
        assertNull(cache.summary(1, box(7, 100), 3, "structure"), "no structure was fetched");
    }

    @Test
    void boundedByBytesAndEntries() {
        ContentCache cache = new ContentCache(2, 10, 8);
        cache.putSection(1, box(7, 100), 1, "", "body", 0, -1, new byte[6]);
        cache.putSection(1, box(7, 100), 2, "", "body", 0, -1, new byte[6]);
        assertNull(cache.section(1, box(7, 100), 1, "", "body", 0, -1), "the oldest left to stay under 10 bytes");
        assertNotNull(cache.section(1, box(7, 100), 2, "", "body", 0, -1));
        cache.putSection(1, box(7, 100), 3, "", "body", 0, -1, new byte[9]);
        assertNull(cache.section(1, box(7, 100), 3, "", "body", 0, -1), "bigger than a section may be");
        cache.putSummary(1, box(7, 100), summary(1), null);
        cache.putSummary(1, box(7, 100), summary(2), null);
        cache.putSummary(1, box(7, 100), summary(3), null);
        assertNull(cache.summary(1, box(7, 100), 1, null), "at most 2 summaries");
    }
}

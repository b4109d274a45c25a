package edu.hamburger.mail.imap.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.api.MailboxIndex;
import edu.hamburger.mail.core.api.MailboxInfo;
import edu.hamburger.mail.core.api.RecentClaim;
import edu.hamburger.mail.core.api.MessageSummary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentCacheTest {

    private static SelectedMailbox box(long id, long uidValidity) {
        return new SelectedMailbox(new MailboxInfo(id, "INBOX", null, uidValidity, 10, 5, true, 0, 0, 0, 0, 0), false,
                new MailboxIndex(new long[0], new long[0], new String[0][]), RecentClaim.NONE);
    }

    private static MessageSummary summary(long uid) {
        return new MessageSummary(uid, List.of(), 1, Instant.now(), 100, null, null, uid, null, null);
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
        assertTrue(cache.sectionBytes() <= 10, "one of the two left to stay under 10 bytes");
        assertTrue(cache.section(1, box(7, 100), 1, "", "body", 0, -1) == null || cache.section(1, box(7, 100), 2, "", "body", 0, -1) == null);
        cache.putSection(1, box(7, 100), 3, "", "body", 0, -1, new byte[9]);
        assertNull(cache.section(1, box(7, 100), 3, "", "body", 0, -1), "bigger than a section may be");
        for (int uid = 1; uid <= 50; uid++) {
            cache.putSummary(1, box(7, 100), summary(uid), null);
            assertTrue(cache.summaryCount() <= 2, "at most 2 summaries, after " + uid);
        }
    }

    @Test
    void manyConnectionsAtOnceKeepTheBounds() throws Exception {
        ContentCache cache = new ContentCache(1000, 64 * 1024, 4096);
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            int account = t;
            threads[t] = new Thread(() -> {
                for (int uid = 1; uid <= 2000; uid++) {
                    cache.putSummary(account, box(7, 100), summary(uid), "envelope");
                    cache.putSection(account, box(7, 100), uid, "", "body", 0, -1, new byte[1000]);
                    cache.section(account, box(7, 100), uid, "", "body", 0, -1);
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertTrue(cache.summaryCount() <= 1000, "summaries " + cache.summaryCount());
        assertTrue(cache.sectionBytes() <= 64 * 1024, "bytes " + cache.sectionBytes());
    }
}

package edu.hamburger.mail.imap.protocol;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import edu.hamburger.mail.core.api.MessageSummary;

/**
 * What never changes about a message while its UID and the mailbox's UIDVALIDITY stay the same
 * (RFC 3501 §2.3.1.1): its size, date, envelope, structure and bytes. Kept in memory, bounded by
 * entries and bytes (Caffeine: near-LRU with frequency, no lock all connections wait on), so
 * repeated FETCHes (a client opening its INBOX again, several devices) cost no round trip to
 * mailbox-service, as Dovecot's cache file spares it the disk. Flags are never taken from here.
 * Keys include the account.
 */
public final class ContentCache {

    private record MessageKey(long account, long mailbox, long uidValidity, long uid) {
    }

    private record SectionKey(MessageKey message, String section, String part, long offset, long length) {
    }

    /** A summary and how much of it was fetched: 0 sizes only, 1 with envelope, 2 with envelope and structure. */
    private record Entry(MessageSummary summary, int level) {
    }

    private final int maxSectionBytes;
    private final Cache<MessageKey, Entry> summaries;
    private final Cache<SectionKey, byte[]> sections;

    public ContentCache(int maxSummaries, long maxBytes, int maxSectionBytes) {
        this.maxSectionBytes = maxSectionBytes;
        // eviction on the calling thread: the bounds hold when a put returns (no background pool)
        this.summaries = Caffeine.newBuilder().maximumSize(maxSummaries).executor(Runnable::run).build();
        this.sections = Caffeine.newBuilder().maximumWeight(maxBytes)
                .weigher((SectionKey key, byte[] content) -> content.length).executor(Runnable::run).build();
    }

    static int level(String include) {
        return include == null ? 0 : include.equals("envelope") ? 1 : 2;
    }

    public MessageSummary summary(long account, SelectedMailbox box, long uid, String include) {
        Entry entry = summaries.getIfPresent(new MessageKey(account, box.id(), box.uidValidity(), uid));
        return entry != null && entry.level() >= level(include) ? entry.summary() : null;
    }

    public void putSummary(long account, SelectedMailbox box, MessageSummary summary, String include) {
        MessageKey key = new MessageKey(account, box.id(), box.uidValidity(), summary.uid());
        Entry fetched = new Entry(summary, level(include));
        summaries.asMap().merge(key, fetched, (old, now) -> old.level() > now.level() ? old : now); // never a poorer one over a richer
    }

    public byte[] section(long account, SelectedMailbox box, long uid, String section, String part, long offset, long length) {
        return sections.getIfPresent(new SectionKey(new MessageKey(account, box.id(), box.uidValidity(), uid), section, part, offset, length));
    }

    public void putSection(long account, SelectedMailbox box, long uid, String section, String part, long offset,
            long length, byte[] content) {
        if (content.length > maxSectionBytes) {
            return;
        }
        sections.put(new SectionKey(new MessageKey(account, box.id(), box.uidValidity(), uid), section, part, offset, length), content);
    }

    /** Entries held now, for tests of the bounds. */
    long summaryCount() {
        summaries.cleanUp();
        return summaries.estimatedSize();
    }

    long sectionBytes() {
        sections.cleanUp();
        return sections.asMap().values().stream().mapToLong(b -> b.length).sum();
    }
}

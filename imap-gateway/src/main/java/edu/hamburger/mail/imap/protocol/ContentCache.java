package edu.hamburger.mail.imap.protocol;

import edu.hamburger.mail.core.api.MessageSummary;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What never changes about a message while its UID and the mailbox's UIDVALIDITY stay the same
 * (RFC 3501 §2.3.1.1): its size, date, envelope, structure and bytes. Kept in memory, least
 * recently used first out, bounded by entries and bytes, so repeated FETCHes (a client opening
 * its INBOX again, several devices) cost no round trip to mailbox-service, as Dovecot's cache
 * file spares it the disk. Flags are never taken from here. Keys include the account.
 */
public final class ContentCache {

    private record MessageKey(long account, long mailbox, long uidValidity, long uid) {
    }

    private record SectionKey(MessageKey message, String section, String part, long offset, long length) {
    }

    /** A summary and how much of it was fetched: 0 sizes only, 1 with envelope, 2 with envelope and structure. */
    private record Entry(MessageSummary summary, int level) {
    }

    private final int maxSummaries;
    private final long maxBytes;
    private final int maxSectionBytes;
    private long bytes;
    private final LinkedHashMap<MessageKey, Entry> summaries;
    private final LinkedHashMap<SectionKey, byte[]> sections = new LinkedHashMap<>(256, 0.75f, true);

    public ContentCache(int maxSummaries, long maxBytes, int maxSectionBytes) {
        this.maxSummaries = maxSummaries;
        this.maxBytes = maxBytes;
        this.maxSectionBytes = maxSectionBytes;
        this.summaries = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<MessageKey, Entry> eldest) {
                return size() > ContentCache.this.maxSummaries;
            }
        };
    }

    static int level(String include) {
        return include == null ? 0 : include.equals("envelope") ? 1 : 2;
    }

    public synchronized MessageSummary summary(long account, SelectedMailbox box, long uid, String include) {
        Entry entry = summaries.get(new MessageKey(account, box.id(), box.uidValidity(), uid));
        return entry != null && entry.level() >= level(include) ? entry.summary() : null;
    }

    public synchronized void putSummary(long account, SelectedMailbox box, MessageSummary summary, String include) {
        MessageKey key = new MessageKey(account, box.id(), box.uidValidity(), summary.uid());
        Entry old = summaries.get(key);
        if (old == null || old.level() <= level(include)) {
            summaries.put(key, new Entry(summary, level(include)));
        }
    }

    public synchronized byte[] section(long account, SelectedMailbox box, long uid, String section, String part, long offset, long length) {
        return sections.get(new SectionKey(new MessageKey(account, box.id(), box.uidValidity(), uid), section, part, offset, length));
    }

    public synchronized void putSection(long account, SelectedMailbox box, long uid, String section, String part, long offset,
            long length, byte[] content) {
        if (content.length > maxSectionBytes) {
            return;
        }
        SectionKey key = new SectionKey(new MessageKey(account, box.id(), box.uidValidity(), uid), section, part, offset, length);
        byte[] old = sections.put(key, content);
        bytes += content.length - (old == null ? 0 : old.length);
        var eldest = sections.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            bytes -= eldest.next().getValue().length;
            eldest.remove();
        }
    }
}

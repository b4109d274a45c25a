package edu.hamburger.mail.mailbox.client;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small thread-safe LRU map whose entries expire: bounded in size and in staleness. */
final class ExpiringCache<K, V> {

    private record Entry<V>(V value, long expiresAt) {
    }

    private final long ttlNanos;
    private final Map<K, Entry<V>> entries;

    ExpiringCache(Duration ttl, int maxSize) {
        this.ttlNanos = ttl.toNanos();
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > maxSize;
            }
        };
    }

    /** The live value, or null when absent or expired. */
    synchronized V get(K key) {
        Entry<V> entry = entries.get(key);
        return entry != null && entry.expiresAt() - System.nanoTime() > 0 ? entry.value() : null;
    }

    synchronized void put(K key, V value) {
        entries.put(key, new Entry<>(value, System.nanoTime() + ttlNanos));
    }

    /** Drops every entry whose value matches. */
    synchronized void removeValues(java.util.function.Predicate<V> matching) {
        entries.values().removeIf(entry -> matching.test(entry.value()));
    }

    synchronized void clear() {
        entries.clear();
    }
}

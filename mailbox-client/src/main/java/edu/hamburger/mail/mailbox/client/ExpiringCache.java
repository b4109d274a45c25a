package edu.hamburger.mail.mailbox.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * A bounded map whose entries expire, on Caffeine: bounded in size (near-LRU eviction) and in
 * staleness, and without one lock that every login and lookup of the process waits on.
 */
final class ExpiringCache<K, V> {

    private final Cache<K, V> entries;

    ExpiringCache(Duration ttl, int maxSize) {
        this.entries = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxSize).build();
    }

    /** The live value, or null when absent or expired. */
    V get(K key) {
        return entries.getIfPresent(key);
    }

    void put(K key, V value) {
        entries.put(key, value);
    }

    /** Drops every entry whose value matches. */
    void removeValues(java.util.function.Predicate<V> matching) {
        entries.asMap().values().removeIf(matching);
    }

    void clear() {
        entries.invalidateAll();
    }
}

package edu.hamburger.mail.smtp.transport;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts open connections per client address, so one client cannot take every session. */
final class ConnectionLimiter {

    private final int maxPerClient;
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();

    ConnectionLimiter(int maxPerClient) {
        this.maxPerClient = maxPerClient;
    }

    /** Takes a slot for the address; false if it already holds its share (nothing is taken then). */
    boolean acquire(String address) {
        AtomicInteger count = open.computeIfAbsent(address, a -> new AtomicInteger());
        if (count.incrementAndGet() > maxPerClient) {
            release(address);
            return false;
        }
        return true;
    }

    void release(String address) {
        open.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
    }
}

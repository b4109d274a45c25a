package edu.hamburger.mail.line;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The message bytes one process may hold at once, over all connections. A message being received
 * takes a {@link Lease} that grows as its octets arrive; when a grant would pass the limit, the
 * message is read to its end and refused (SMTP 452 4.3.1) rather than kept, so a few clients
 * sending many large messages cannot exhaust the heap and end every session with the JVM.
 * The lease is returned once the message has been queued or refused, or the connection ends.
 */
public final class MessageMemory {

    /** No limit (tests of one component, tools). */
    public static final MessageMemory UNLIMITED = new MessageMemory(Long.MAX_VALUE);

    /** Leases grow in steps of up to 64 KiB, so the shared counter is not touched per octet. */
    private static final long STEP = 64 * 1024;

    private final long limit;
    private final long step;
    private final AtomicLong used = new AtomicLong();

    public MessageMemory(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("the message memory limit must be positive: " + limit);
        }
        this.limit = limit;
        this.step = Math.max(1, Math.min(STEP, limit / 64));
    }

    public long limit() {
        return limit;
    }

    /** Bytes granted to messages in flight now. */
    public long used() {
        return used.get();
    }

    public Lease lease() {
        return new Lease();
    }

    private boolean take(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** One message's share; not thread-safe (one connection uses it at a time). Release is idempotent. */
    public final class Lease {

        private long granted;
        private boolean refused;

        private Lease() {
        }

        /**
         * Makes room for {@code total} octets of this message; false (and from then on always
         * false) when the process has no room left: the message must be refused.
         */
        public boolean cover(long total) {
            if (refused) {
                return false;
            }
            if (total <= granted) {
                return true;
            }
            long wanted = Math.max(total - granted, step);
            if (take(wanted)) {
                granted += wanted;
                return true;
            }
            refused = true;
            release();
            return false;
        }

        /** Whether a grant was refused: the message was not kept in full. */
        public boolean refused() {
            return refused;
        }

        public void release() {
            if (granted > 0) {
                used.addAndGet(-granted);
                granted = 0;
            }
        }
    }
}

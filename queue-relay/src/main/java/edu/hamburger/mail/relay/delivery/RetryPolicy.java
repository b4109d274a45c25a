package edu.hamburger.mail.relay.delivery;

import edu.hamburger.mail.core.topic.MailTopics;
import java.time.Duration;
import java.time.Instant;

/**
 * When to try a deferred delivery again, as Postfix does: the first retry after the minimal
 * backoff, each further one after twice the previous delay, never more than the maximal backoff
 * between two tries, and no tries after the queue lifetime (the message then bounces).
 */
public record RetryPolicy(Duration minimalBackoff, Duration maximalBackoff, Duration queueLifetime) {

    public RetryPolicy {
        if (minimalBackoff.isNegative() || minimalBackoff.isZero() || maximalBackoff.compareTo(minimalBackoff) < 0) {
            throw new IllegalArgumentException("need 0 < minimal backoff <= maximal backoff");
        }
    }

    /** The delay after the given number of failed attempts (1 after the first failure). */
    public Duration backoff(int failedAttempts) {
        Duration delay = minimalBackoff;
        for (int i = 1; i < failedAttempts && delay.compareTo(maximalBackoff) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maximalBackoff) > 0 ? maximalBackoff : delay;
    }

    /** True once a message received at {@code receivedAt} has been queued for the whole lifetime. */
    public boolean expired(Instant receivedAt, Instant now) {
        return !now.isBefore(receivedAt.plus(queueLifetime));
    }

    /** The next attempt's time: after the backoff, but no later than the end of the lifetime. */
    public Instant nextAttempt(Instant receivedAt, int failedAttempts, Instant now) {
        Instant next = now.plus(backoff(failedAttempts));
        Instant end = receivedAt.plus(queueLifetime);
        return next.isAfter(end) ? end : next;
    }

    /**
     * The delay topic for a wait: the longest tier not above it (the shortest tier for shorter
     * waits). The tier only spreads records out; the not-before time is what the consumer obeys.
     */
    public static String retryTopic(Duration wait) {
        Duration chosen = MailTopics.RETRY_DELAYS.get(0);
        for (Duration tier : MailTopics.RETRY_DELAYS) {
            if (tier.compareTo(wait) <= 0) {
                chosen = tier;
            }
        }
        return MailTopics.retryTopic(chosen);
    }
}

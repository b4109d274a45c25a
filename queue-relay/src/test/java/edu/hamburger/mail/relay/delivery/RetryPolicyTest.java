package edu.hamburger.mail.relay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy postfix = new RetryPolicy(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofDays(5));

    @Test
    void backoffDoublesFromTheMinimumUpToTheMaximum() {
        assertEquals(Duration.ofMinutes(5), postfix.backoff(1));
        assertEquals(Duration.ofMinutes(10), postfix.backoff(2));
        assertEquals(Duration.ofMinutes(20), postfix.backoff(3));
        assertEquals(Duration.ofMinutes(40), postfix.backoff(4));
        assertEquals(Duration.ofHours(1), postfix.backoff(5));
        assertEquals(Duration.ofHours(1), postfix.backoff(500));
    }

    @Test
    void theLastTryIsAtTheEndOfTheLifetimeAndThenItExpires() {
        Instant received = Instant.parse("2026-11-01T00:00:00Z");
        Instant almost = received.plus(Duration.ofDays(5)).minusSeconds(60);
        assertEquals(received.plus(Duration.ofDays(5)), postfix.nextAttempt(received, 40, almost));
        assertFalse(postfix.expired(received, almost));
        assertTrue(postfix.expired(received, received.plus(Duration.ofDays(5))));
    }

    @Test
    void delayTopicIsTheLongestTierNotAboveTheWait() {
        assertEquals("mail.outbound.retry.5m", RetryPolicy.retryTopic(Duration.ofSeconds(2)));
        assertEquals("mail.outbound.retry.5m", RetryPolicy.retryTopic(Duration.ofMinutes(10)));
        assertEquals("mail.outbound.retry.15m", RetryPolicy.retryTopic(Duration.ofMinutes(20)));
        assertEquals("mail.outbound.retry.30m", RetryPolicy.retryTopic(Duration.ofMinutes(40)));
        assertEquals("mail.outbound.retry.1h", RetryPolicy.retryTopic(Duration.ofHours(3)));
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(Duration.ZERO, Duration.ofHours(1), Duration.ofDays(5)));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(Duration.ofHours(2), Duration.ofHours(1), Duration.ofDays(5)));
    }
}

package edu.hamburger.mail.mailbox.login;

import java.time.Duration;
import java.time.Instant;

/**
 * Exponential back-off from a failure count: nothing for the first {@code free} failures, then
 * {@code initial}, doubling with each further failure up to {@code max}, counted from the last
 * failure. Like Dovecot's auth penalty, but per (account, client) instead of per connection.
 */
public record Backoff(Duration initial, Duration max) {

    /** The wait after {@code failures} failures of which {@code free} cost nothing. */
    public Duration after(int failures, int free) {
        int over = failures - Math.max(0, free);
        if (over < 0) {
            return Duration.ZERO;
        }
        if (over >= 30) {
            return max;
        }
        Duration wait = initial.multipliedBy(1L << over);
        return wait.compareTo(max) > 0 ? max : wait;
    }

    /** How long from {@code now} until a try is allowed again; zero when it is. */
    public Duration remaining(int failures, int free, Instant lastFailure, Instant now) {
        Instant until = lastFailure.plus(after(failures, free));
        return until.isAfter(now) ? Duration.between(now, until) : Duration.ZERO;
    }
}

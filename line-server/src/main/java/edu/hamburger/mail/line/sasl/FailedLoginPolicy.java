package edu.hamburger.mail.line.sasl;

import io.smallrye.mutiny.Uni;
import java.time.Duration;

/**
 * What a failed login costs the client, the same in every protocol: the answer comes only after
 * {@code delay}, so guessing passwords over one connection is slow, and after
 * {@code maxFailures} failures the connection is closed.
 */
public record FailedLoginPolicy(int maxFailures, Duration delay) {

    /** What happens after a failure. */
    public enum Verdict { TRY_AGAIN, CLOSE }

    /** The verdict for the {@code failures}-th failure of a connection, after the delay. */
    public Uni<Verdict> after(int failures) {
        Verdict verdict = failures >= maxFailures ? Verdict.CLOSE : Verdict.TRY_AGAIN;
        Uni<Verdict> answer = Uni.createFrom().item(verdict);
        return delay.isZero() ? answer : answer.onItem().delayIt().by(delay);
    }
}

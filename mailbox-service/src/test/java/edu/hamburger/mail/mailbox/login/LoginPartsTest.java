package edu.hamburger.mail.mailbox.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pure parts of the login policy: back-off arithmetic, client networks, the bounded hashing pool. */
class LoginPartsTest {

    @Test
    void backOffStartsAfterTheFreeFailuresAndDoublesUpToItsMaximum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(15));
        assertEquals(Duration.ZERO, backoff.after(2, 3));
        assertEquals(Duration.ofSeconds(2), backoff.after(3, 3));
        assertEquals(Duration.ofSeconds(4), backoff.after(4, 3));
        assertEquals(Duration.ofSeconds(512), backoff.after(11, 3));
        assertEquals(Duration.ofMinutes(15), backoff.after(12, 3));
        assertEquals(Duration.ofMinutes(15), backoff.after(Integer.MAX_VALUE, 3));
        Instant last = Instant.parse("2026-12-02T10:00:00Z");
        assertEquals(Duration.ofSeconds(3), backoff.remaining(4, 3, last, last.plusSeconds(1)));
        assertEquals(Duration.ZERO, backoff.remaining(4, 3, last, last.plusSeconds(4)));
    }

    @Test
    void clientsAreCountedPerIpv4AddressAndPerIpv6Slash64() {
        assertEquals("192.0.2.7", ClientNetwork.of("192.0.2.7"));
        assertEquals("2001:db8:1:2::/64", ClientNetwork.of("2001:db8:1:2:aaaa::1"));
        assertEquals("2001:db8:1:2::/64", ClientNetwork.of("[2001:db8:1:2::9]"));
        assertEquals("0:0:0:0::/64", ClientNetwork.of("::1"));
        assertEquals("unknown", ClientNetwork.of(null));
        assertEquals("unknown", ClientNetwork.of("mail.example.com")); // never resolved
        assertEquals("unknown", ClientNetwork.of("x".repeat(100)));
    }

    @Test
    void aFullHashingQueueRefusesAtOnceInsteadOfWaiting() throws Exception {
        VerificationSlots slots = new VerificationSlots(1, 1);
        CountDownLatch release = new CountDownLatch(1);
        Uni<Boolean> blocking = slots.run(() -> {
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return false;
            }
        });
        var running = blocking.subscribeAsCompletionStage();
        var queued = slots.run(() -> true).subscribeAsCompletionStage();
        while (slots.inFlight() < 2) {
            Thread.sleep(5);
        }
        var refused = slots.run(() -> true).subscribeAsCompletionStage();
        var failure = assertThrows(java.util.concurrent.ExecutionException.class, () -> refused.get(1, TimeUnit.SECONDS));
        assertEquals(VerificationSlots.Busy.class, failure.getCause().getClass());
        release.countDown();
        assertEquals(true, running.get(5, TimeUnit.SECONDS));
        assertEquals(true, queued.get(5, TimeUnit.SECONDS));
        slots.stop();
    }
}

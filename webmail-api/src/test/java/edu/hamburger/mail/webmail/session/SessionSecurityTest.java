package edu.hamburger.mail.webmail.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sealed sessions cannot be read or altered; failed logins are counted per name and per address. */
class SessionSecurityTest {

    @Test
    void aSealedSessionOpensOnlyUnchangedAndOnlyWithItsKey() {
        SessionSealer sealer = new SessionSealer(TestSettings.withKey(Base64.getEncoder().encodeToString(new byte[32])));
        WebSession session = sealer.open(7, "alice@crepes.fr", "pässwörd", Instant.parse("2030-01-01T00:00:00Z"), false);
        String token = sealer.seal(session);
        assertEquals(Optional.of(session), sealer.unseal(token));
        assertTrue(!token.contains("alice") && !new String(Base64.getUrlDecoder().decode(token), java.nio.charset.StandardCharsets.ISO_8859_1).contains("alice"));
        char[] altered = token.toCharArray();
        altered[20] = altered[20] == 'A' ? 'B' : 'A';
        assertEquals(Optional.empty(), sealer.unseal(new String(altered)));
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        assertEquals(Optional.empty(), new SessionSealer(TestSettings.withKey(Base64.getEncoder().encodeToString(otherKey))).unseal(token));
        assertEquals(Optional.empty(), sealer.unseal("x".repeat(5000)));
        assertEquals(Optional.empty(), sealer.unseal("not base64 !!"));
    }

    @Test
    void failedLoginsAreLimitedPerNameAndPerAddressForAWindow() {
        MutableClock clock = new MutableClock();
        LoginThrottle throttle = new LoginThrottle(3, 5, Duration.ofMinutes(15), clock);
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, throttle.retryAfter("10.0.0.1", "alice"));
            throttle.failed("10.0.0.1", "alice");
        }
        assertEquals(Duration.ofMinutes(15), throttle.retryAfter("10.0.0.9", "ALICE"));
        assertEquals(Duration.ZERO, throttle.retryAfter("10.0.0.1", "bob"));
        throttle.failed("10.0.0.1", "bob");
        throttle.failed("10.0.0.1", "carol");
        assertTrue(throttle.retryAfter("10.0.0.1", "dave").toMinutes() > 0, "five failures from one address");
        clock.now = clock.now.plus(Duration.ofMinutes(16));
        assertEquals(Duration.ZERO, throttle.retryAfter("10.0.0.1", "alice"));
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

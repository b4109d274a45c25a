package edu.hamburger.mail.webmail.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sealed sessions cannot be read or altered. */
class SessionSecurityTest {

    @Test
    void aSealedSessionOpensOnlyUnchangedAndOnlyWithItsKey() {
        SessionSealer sealer = new SessionSealer(TestSettings.withKey(Base64.getEncoder().encodeToString(new byte[32])));
        WebSession session = sealer.open(7, "alice@crepes.fr", "server-session-key", Instant.parse("2030-01-01T00:00:00Z"), false);
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
}

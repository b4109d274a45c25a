package edu.hamburger.mail.webmail.session;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions logged out before they expired. A sealed token cannot be taken back from whoever holds
 * a copy, so logout also remembers its id here until the token would have expired anyway. This is
 * per replica (named in docs/webmail-api.md): the browser's cookie is deleted at logout in any
 * case; only a copied token stays usable on other replicas until it expires.
 */
@ApplicationScoped
public class SessionRevocations {

    static final int MAX_REMEMBERED = 200_000;

    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

    public void revoke(WebSession session) {
        Instant now = Instant.now();
        if (revoked.size() >= MAX_REMEMBERED) {
            revoked.values().removeIf(until -> until.isBefore(now));
        }
        revoked.put(session.id(), session.expiresAt());
    }

    public boolean isRevoked(WebSession session) {
        return revoked.containsKey(session.id());
    }
}

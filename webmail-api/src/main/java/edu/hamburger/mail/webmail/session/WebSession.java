package edu.hamburger.mail.webmail.session;

import java.time.Instant;

/**
 * A signed-in user, as sealed into the session cookie or a bearer token. The password is kept
 * (sealed, never readable by the browser) because sending is SMTP submission with the user's own
 * authority: smtp-gateway checks the same credentials an SMTP client would give it.
 *
 * @param id        random; names the session for logout
 * @param csrfToken what unsafe requests carrying the cookie must repeat in {@code X-CSRF-Token}
 * @param bearer    true for a token given to an API client (no cookie, so no CSRF check)
 */
public record WebSession(String id, long accountId, String address, String password, String csrfToken,
                         Instant expiresAt, boolean bearer) {

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** What the browser and API clients may see of it. */
    @Override
    public String toString() {
        return "WebSession[" + id + ", " + address + ", until " + expiresAt + "]";
    }
}

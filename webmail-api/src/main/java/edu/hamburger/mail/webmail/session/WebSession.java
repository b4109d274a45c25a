package edu.hamburger.mail.webmail.session;

import java.time.Instant;

/**
 * A signed-in user, as sealed into the session cookie or a bearer token. No password: the
 * session lives in mailbox-service ({@code serverKey} names it there, and every request asks
 * whether it still does), so logout, a password change, a disable or the account's deletion end
 * it for every replica at once; sending uses the webmail's own submission credential.
 *
 * @param id        random; names the session in logs
 * @param serverKey the token of the session kept by mailbox-service
 * @param csrfToken what unsafe requests carrying the cookie must repeat in {@code X-CSRF-Token}
 * @param bearer    true for a token given to an API client (no cookie, so no CSRF check)
 */
public record WebSession(String id, long accountId, String address, String serverKey, String csrfToken,
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

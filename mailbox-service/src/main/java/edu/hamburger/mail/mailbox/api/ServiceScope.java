package edu.hamburger.mail.mailbox.api;

import edu.hamburger.mail.core.api.InternalApi;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a caller of the internal API may do, by path. Each service's own token grants only the
 * scopes that service needs (docs/security.md), so a taken-over access gateway cannot, say, check
 * passwords in bulk through another's rights, and the relay cannot read anyone's mail.
 */
enum ServiceScope {
    /** {@code /ping}: readiness checks of every caller. */
    PING,
    /** {@code /auth}: password checks for logins. */
    LOGIN,
    /** {@code /recipients/...}: whether an address is local (RCPT TO, the relay's bounces). */
    RECIPIENTS,
    /** {@code /accounts/...}: reading and changing mailboxes. */
    MAILBOXES,
    /** {@code /web-sessions...}: the webmail's sessions. */
    WEB_SESSIONS,
    /** {@code /dkim/signing-keys/...}: the sealed DKIM keys the relay signs with. */
    SIGNING_KEYS,
    /** {@code /resend-claims}: whether a queued record is a client's re-send (the relay, before sending). */
    RESEND_CLAIMS;

    /** The scope a path under {@code /api/v1} needs, or null for a path no service token opens. */
    static ServiceScope of(String path) {
        String rest = path.substring(InternalApi.BASE_PATH.length());
        if (rest.equals("/ping")) {
            return PING;
        }
        if (rest.equals("/auth")) {
            return LOGIN;
        }
        if (rest.startsWith("/recipients/")) {
            return RECIPIENTS;
        }
        if (rest.startsWith("/accounts/")) {
            return MAILBOXES;
        }
        if (rest.equals("/web-sessions") || rest.startsWith("/web-sessions/")) {
            return WEB_SESSIONS;
        }
        if (rest.startsWith("/dkim/signing-keys/")) {
            return SIGNING_KEYS;
        }
        if (rest.equals("/resend-claims")) {
            return RESEND_CLAIMS;
        }
        return null;
    }

    /** What each service needs. */
    static Set<ServiceScope> of(Service service) {
        return switch (service) {
            case SMTP -> EnumSet.of(PING, LOGIN, RECIPIENTS);
            case IMAP, POP3 -> EnumSet.of(PING, LOGIN, MAILBOXES);
            case WEBMAIL -> EnumSet.of(PING, LOGIN, MAILBOXES, WEB_SESSIONS);
            case RELAY -> EnumSet.of(PING, RECIPIENTS, SIGNING_KEYS, RESEND_CLAIMS);
            case SHARED -> EnumSet.allOf(ServiceScope.class);
        };
    }

    /**
     * The callers, each with a token of its own ({@code mail.internal-api.smtp-token}, ...);
     * SHARED is {@code mail.internal-api.token}, one token for all (the local stack).
     */
    enum Service {
        SMTP, IMAP, POP3, WEBMAIL, RELAY, SHARED
    }
}

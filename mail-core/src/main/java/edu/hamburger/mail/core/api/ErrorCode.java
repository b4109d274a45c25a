package edu.hamburger.mail.core.api;

import java.util.Arrays;
import java.util.Locale;

/**
 * What went wrong, as mailbox-service says it in {@link ApiError#error()} and every client reads
 * it: each gateway maps the code to its own protocol's answer (IMAP response codes, SMTP reply
 * and enhanced status codes, HTTP problems), never the HTTP status, which several codes share.
 */
public enum ErrorCode {
    /** The request itself is wrong (a bad name, range or search). */
    INVALID(400),
    /** Wrong credentials or no valid service token. */
    UNAUTHENTICATED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    /** A mailbox, account, domain or alias of that name exists already. */
    EXISTS(409),
    /** A mailbox with children cannot be deleted (IMAP [HASCHILDREN], RFC 5530). */
    HAS_CHILDREN(409),
    /** A domain that still has accounts cannot be deleted. */
    HAS_ACCOUNTS(409),
    /** Another session holds the maildrop (POP3 [IN-USE]). */
    IN_USE(409),
    /** The state changed under the request; trying again may work. */
    CONFLICT(409),
    /** The message is larger than the store takes at all (IMAP [TOOBIG], SMTP 552 5.3.4). */
    MESSAGE_TOO_LARGE(413),
    /** The account's quota would be exceeded (IMAP [OVERQUOTA] RFC 9208, SMTP 552 5.2.2). */
    OVER_QUOTA(507),
    /**
     * The part's Content-Transfer-Encoding is none the store can decode (IMAP FETCH BINARY's
     * [UNKNOWN-CTE], RFC 3516).
     */
    UNKNOWN_CTE(415),
    /**
     * Not now: too many failed logins from this client or for this account, or too many password
     * checks in flight. Answered before any hash is computed; Retry-After says when to come back
     * (IMAP [UNAVAILABLE], SMTP 454 4.7.0, POP3 -ERR [SYS/TEMP], HTTP 429).
     */
    TRY_LATER(429),
    UNAVAILABLE(503),
    INTERNAL(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The code as it travels in JSON: "over-quota", "not-found", ... */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The code of an error answer; when the service sent none we know, the one its status implies. */
    public static ErrorCode of(String wire, int httpStatus) {
        if (wire != null) {
            for (ErrorCode code : values()) {
                if (code.wire().equals(wire)) {
                    return code;
                }
            }
        }
        return Arrays.stream(values()).filter(code -> code.httpStatus == httpStatus).findFirst()
                .orElse(httpStatus >= 500 ? INTERNAL : INVALID);
    }
}

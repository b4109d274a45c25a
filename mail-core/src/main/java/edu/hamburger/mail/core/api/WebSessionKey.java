package edu.hamburger.mail.core.api;

/**
 * A webmail session's secret: what {@code POST /api/v1/web-sessions} answers, and what
 * {@code /web-sessions/lookup} and {@code /web-sessions/end} are given (in the body, never in a URL).
 */
public record WebSessionKey(String token) {

    @Override
    public String toString() {
        return "WebSessionKey[(hidden)]";
    }
}

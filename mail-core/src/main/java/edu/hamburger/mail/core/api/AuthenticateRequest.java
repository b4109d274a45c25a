package edu.hamburger.mail.core.api;

/** {@code POST /api/v1/auth}: a user name (the full address) and the password to check. */
public record AuthenticateRequest(String username, String password) {

    @Override
    public String toString() {
        return "AuthenticateRequest[username=" + username + ", password=(hidden)]";
    }
}

package edu.hamburger.mail.core.api;

/**
 * {@code POST /api/v1/auth}: a user name (the full address) and the password to check, with the
 * client's address and the protocol it used, so that mailbox-service's login policy can count
 * failures per account, per client and per (account, client) on behalf of every gateway.
 *
 * @param clientAddress the IP address the client connected from (after a trusted proxy), or null
 * @param protocol      "smtp", "imap", "pop3", "webmail", ... for logs and metrics
 */
public record AuthenticateRequest(String username, String password, String clientAddress, String protocol) {

    public AuthenticateRequest(String username, String password) {
        this(username, password, null, null);
    }

    @Override
    public String toString() {
        return "AuthenticateRequest[username=" + username + ", password=(hidden), client=" + clientAddress
                + ", protocol=" + protocol + "]";
    }
}

package edu.hamburger.mail.relay.client;

import edu.hamburger.mail.relay.route.NextHop;

/**
 * An open, greeted SMTP connection ready for a mail transaction: what the server announced, and
 * how often the connection has been used (for the reuse limit of the connection cache).
 */
public final class ClientSession {

    private final SmtpClientConnection connection;
    private final NextHop hop;
    private final String cacheKey;
    private ServerCapabilities capabilities;
    private int transactions;
    private long idleSince;

    ClientSession(SmtpClientConnection connection, NextHop hop, String cacheKey, ServerCapabilities capabilities) {
        this.connection = connection;
        this.hop = hop;
        this.cacheKey = cacheKey;
        this.capabilities = capabilities;
    }

    public SmtpClientConnection connection() {
        return connection;
    }

    public NextHop hop() {
        return hop;
    }

    String cacheKey() {
        return cacheKey;
    }

    public ServerCapabilities capabilities() {
        return capabilities;
    }

    void capabilities(ServerCapabilities updated) {
        this.capabilities = updated;
    }

    int transactions() {
        return transactions;
    }

    void transactionDone() {
        transactions++;
    }

    long idleSince() {
        return idleSince;
    }

    void idleSince(long nanos) {
        this.idleSince = nanos;
    }
}

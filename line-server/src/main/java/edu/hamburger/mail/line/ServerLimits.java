package edu.hamburger.mail.line;


/**
 * The transport limits every protocol server takes from its settings, with the same meaning on
 * SMTP, POP3 and IMAP.
 *
 * @param maxConnectionsPerClient connections one client address may hold at once
 * @param maxConnections connections all clients together may hold
 * @param maxBufferedInput unanswered input kept per connection before the socket is paused
 * @param networks trusted networks (exempt from the per-client cap) and PROXY protocol sources
 */
public record ServerLimits(int maxConnectionsPerClient, int maxConnections, int maxBufferedInput, ClientNetworks networks) {

    public ServerLimits(int maxConnectionsPerClient, int maxConnections, int maxBufferedInput) {
        this(maxConnectionsPerClient, maxConnections, maxBufferedInput, ClientNetworks.NONE);
    }

    public ServerLimits {
        if (maxConnectionsPerClient < 1 || maxConnections < 1 || maxBufferedInput < 1024) {
            throw new IllegalArgumentException("connection limits must be positive and the input buffer at least 1 KiB");
        }
    }
}

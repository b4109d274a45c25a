package edu.hamburger.mail.relay.route;

/**
 * One SMTP server to try for a destination, in order: from the transport map, an MX record or
 * the domain's own address (implicit MX).
 *
 * @param host        a host name or an IP address (IPv6 without brackets)
 * @param port        the TCP port, 25 unless a transport map says otherwise
 * @param credentials AUTH credentials for a smart host, or null
 * @param source      where the hop came from, for logs and bounces ("transport map", "MX 10")
 * @param serverName  the server's DNS name (the MX host) for TLS SNI and certificate checks, when
 *                    {@code host} is the address the relay resolved it to
 */
public record NextHop(String host, int port, Credentials credentials, String source, String serverName) {

    /** A hop whose name is its host (a transport map entry, an address literal). */
    public NextHop(String host, int port, Credentials credentials, String source) {
        this(host, port, credentials, source, host);
    }

    public NextHop {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("a next hop needs a host");
        }
        if (serverName == null || serverName.isBlank()) {
            serverName = host;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("not a TCP port: " + port);
        }
    }

    /** SASL PLAIN credentials for a smart host; only ever sent over TLS. */
    public record Credentials(String username, String password) {
        @Override
        public String toString() {
            return username + ":***";
        }
    }

    /** {@code host:port} as a connection-cache key and in diagnostics ({@code [::1]:25} for IPv6). */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}

package edu.hamburger.mail.line;

/**
 * What a new connection is: which listener took it, who the client is, and where TLS stands.
 *
 * @param implicitTls the connection is inside TLS from its first byte (465, 993, 995)
 * @param tlsAvailable a key store is configured, so STARTTLS may be offered
 */
public record ConnectionInfo(String listener, String sessionId, String clientAddress, boolean loopback, boolean implicitTls,
        boolean tlsAvailable) {
}

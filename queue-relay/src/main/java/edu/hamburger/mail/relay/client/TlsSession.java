package edu.hamburger.mail.relay.client;

/**
 * How one session's TLS went: a {@link TlsSessionResult} and the two ends' addresses (either may
 * be null when the socket did not get that far).
 */
public record TlsSession(String result, String localIp, String remoteIp) {
}

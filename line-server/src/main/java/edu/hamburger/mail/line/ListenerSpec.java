package edu.hamburger.mail.line;

/**
 * One listening port. Whether it takes the PROXY protocol, and from where, is the server's
 * {@link ClientNetworks} (by the listener's name).
 *
 * @param name what logs and {@link LineServer#port(String)} call it ("mx", "imaps", ...)
 * @param implicitTls TLS from the first byte; otherwise plain, with STARTTLS when a key store exists
 */
public record ListenerSpec(String name, String bindAddress, int port, boolean implicitTls) {
}

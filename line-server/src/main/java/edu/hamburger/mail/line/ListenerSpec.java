package edu.hamburger.mail.line;

/**
 * One listening port.
 *
 * @param name what logs and {@link LineServer#port(String)} call it ("mx", "imaps", ...)
 * @param implicitTls TLS from the first byte; otherwise plain, with STARTTLS when a key store exists
 */
public record ListenerSpec(String name, String bindAddress, int port, boolean implicitTls) {
}

package edu.hamburger.mail.line;

import edu.hamburger.mail.core.net.IpNetworks;

/**
 * One listening port.
 *
 * @param name what logs and {@link LineServer#port(String)} call it ("mx", "imaps", ...)
 * @param implicitTls TLS from the first byte; otherwise plain, with STARTTLS when a key store exists
 * @param proxySources where a TCP load balancer may connect from: when not empty, every connection
 *        must start with a PROXY protocol header (HAProxy's v1 or v2) and come from one of these
 *        networks, and the client is the address the header names; connections from anywhere
 *        else are closed unread, since a header from them could name any address
 */
public record ListenerSpec(String name, String bindAddress, int port, boolean implicitTls, IpNetworks proxySources) {

    public ListenerSpec {
        proxySources = proxySources == null ? IpNetworks.NONE : proxySources;
    }

    /** A listener clients connect to directly (no PROXY protocol). */
    public ListenerSpec(String name, String bindAddress, int port, boolean implicitTls) {
        this(name, bindAddress, port, implicitTls, IpNetworks.NONE);
    }

    public boolean proxyProtocol() {
        return !proxySources.isEmpty();
    }

    /**
     * The PROXY protocol sources for a listener from two settings shared by the gateways:
     * {@code mail.proxy-protocol.listeners} (listener names) and {@code mail.proxy-protocol.sources}.
     */
    public static IpNetworks proxySources(String listener, String listeners, String sources) {
        if (listeners == null || sources == null || sources.isBlank()) {
            return IpNetworks.NONE;
        }
        for (String name : listeners.split("[,\\s]+")) {
            if (name.trim().equalsIgnoreCase(listener)) {
                return IpNetworks.of(sources);
            }
        }
        return IpNetworks.NONE;
    }
}

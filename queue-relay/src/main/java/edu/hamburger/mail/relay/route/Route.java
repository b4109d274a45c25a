package edu.hamburger.mail.relay.route;

import java.util.List;

/** Where one destination domain's mail goes: the hops to try in order, and how to use TLS. */
public record Route(String domain, List<NextHop> hops, TlsPolicy tlsPolicy) {

    public Route {
        hops = List.copyOf(hops);
        if (hops.isEmpty()) {
            throw new IllegalArgumentException("a route needs at least one hop");
        }
    }
}

package edu.hamburger.mail.relay.client;

import edu.hamburger.mail.relay.route.NextHop;
import edu.hamburger.mail.relay.route.Route;

/** Told about every session the delivery client opens for a route (metrics, SMTP TLS reports). */
@FunctionalInterface
public interface TlsSessionLog {

    TlsSessionLog NONE = (route, hop, session) -> { };

    void session(Route route, NextHop hop, TlsSession session);
}

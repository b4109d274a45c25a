package edu.hamburger.mail.relay.route;

import edu.hamburger.mail.auth.MtaStsPolicy;
import java.util.List;
import java.util.Map;

/**
 * Where one destination domain's mail goes: the hops to try in order, how to use TLS, the
 * receiver's MTA-STS policy when one is in force (enforce or testing; null otherwise), and whether
 * the hops are the domain's own servers from DNS: only those sessions are the domain's to hear
 * about in SMTP TLS reports, not a smart host's or an address literal's.
 */
public record Route(String domain, List<NextHop> hops, TlsPolicy tlsPolicy, MtaStsPolicy mtaSts, boolean fromDns,
                    Map<String, Dane> dane) {

    /** A route the operator made (transport map, address literal): no policy, not reported. */
    public Route(String domain, List<NextHop> hops, TlsPolicy tlsPolicy) {
        this(domain, hops, tlsPolicy, null, false, Map.of());
    }

    /** A route without DANE. */
    public Route(String domain, List<NextHop> hops, TlsPolicy tlsPolicy, MtaStsPolicy mtaSts, boolean fromDns) {
        this(domain, hops, tlsPolicy, mtaSts, fromDns, Map.of());
    }

    /** The same route with the MX hosts' DANE state (by host name). */
    public Route withDane(Map<String, Dane> byHost) {
        return new Route(domain, hops, tlsPolicy, mtaSts, fromDns, byHost);
    }

    /**
     * What DANE asks of sessions with {@code hop}, or null when it does not apply. DANE takes
     * precedence over MTA-STS (RFC 8461 §2); a route whose level the operator set to {@code none}
     * uses no TLS at all.
     */
    public Dane dane(NextHop hop) {
        return tlsPolicy == TlsPolicy.NONE ? null : dane.get(hop.serverName());
    }

    public Route {
        hops = List.copyOf(hops);
        dane = Map.copyOf(dane);
        if (hops.isEmpty()) {
            throw new IllegalArgumentException("a route needs at least one hop");
        }
        if (mtaSts != null && mtaSts.mode().equals("none")) {
            mtaSts = null; // mode none is "no policy" (RFC 8461 §5)
        }
    }

    /**
     * Whether the policy lets the relay use {@code hop}: RFC 8461 §4.1, the MX must match one of
     * its mx patterns. Without a policy every hop may be used.
     */
    public boolean policyAllows(NextHop hop) {
        return mtaSts == null || mtaSts.allows(hop.serverName());
    }

    /** An enforced policy: certificates are checked and a hop it does not name is not used. */
    public boolean enforced() {
        return mtaSts != null && mtaSts.enforce();
    }
}

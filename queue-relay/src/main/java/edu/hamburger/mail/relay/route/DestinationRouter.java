package edu.hamburger.mail.relay.route;

import edu.hamburger.mail.auth.MtaStsPolicy;
import edu.hamburger.mail.core.net.IpNetworks;
import edu.hamburger.mail.core.smtp.SmtpReply;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Decides where a destination domain's mail goes: the transport map first (it overrides DNS, as
 * in Postfix), then a domain literal ({@code user@[192.0.2.1]}) as it is, then DNS, with the
 * receiver's MTA-STS policy applied.
 */
public class DestinationRouter {

    private final TransportMap transportMap;
    private final TlsPolicy.Table tlsPolicies;
    private final MxResolver mxResolver;
    private final MtaStsPolicies mtaSts;
    private final DaneLookup dane;

    public DestinationRouter(TransportMap transportMap, TlsPolicy.Table tlsPolicies, MxResolver mxResolver) {
        this(transportMap, tlsPolicies, mxResolver, null);
    }

    /** @param mtaSts the receivers' MTA-STS policies, or null not to look for them */
    public DestinationRouter(TransportMap transportMap, TlsPolicy.Table tlsPolicies, MxResolver mxResolver, MtaStsPolicies mtaSts) {
        this(transportMap, tlsPolicies, mxResolver, mtaSts, null);
    }

    /** @param dane the MX hosts' TLSA records (RFC 7672), or null not to look for them */
    public DestinationRouter(TransportMap transportMap, TlsPolicy.Table tlsPolicies, MxResolver mxResolver, MtaStsPolicies mtaSts,
            DaneLookup dane) {
        this.dane = dane;
        this.transportMap = transportMap;
        this.tlsPolicies = tlsPolicies;
        this.mxResolver = mxResolver;
        this.mtaSts = mtaSts;
    }

    /** The route, or a failure carrying a {@link RoutingException}. */
    public Uni<Route> route(String domain) {
        TlsPolicy tls = tlsPolicies.forDomain(domain);
        var mapped = transportMap.lookup(domain);
        if (mapped.isPresent()) {
            NextHop hop = mapped.get();
            // credentials only go to a server whose certificate and name were checked
            TlsPolicy effective = hop.credentials() != null ? TlsPolicy.VERIFY : tls;
            return Uni.createFrom().item(new Route(domain, List.of(hop), effective));
        }
        if (domain.startsWith("[") && domain.endsWith("]")) {
            String literal = domain.substring(1, domain.length() - 1);
            if (literal.regionMatches(true, 0, "IPv6:", 0, 5)) {
                literal = literal.substring(5);
            }
            if (literal.isEmpty()) {
                return Uni.createFrom().failure(new RoutingException(SmtpReply.of(550, "5.1.2", "empty address literal")));
            }
            if (IpNetworks.NON_PUBLIC.contains(literal)) {
                // user@[127.0.0.1] or @[10.0.0.5]: a sender must not make the relay knock on our own network
                return Uni.createFrom().failure(new RoutingException(SmtpReply.of(550, "5.4.4",
                        "Address literal " + domain + " is not a public address; not relayed")));
            }
            return Uni.createFrom().item(new Route(domain, List.of(new NextHop(literal, 25, null, "address literal")), tls));
        }
        if (mxResolver == null) {
            return Uni.createFrom().failure(new RoutingException(SmtpReply.of(451, "4.4.3",
                    "no route to " + domain + ": not in the transport map and DNS is disabled")));
        }
        Uni<Route> route = mxResolver.resolve(domain).chain(found -> mtaSts == null
                ? Uni.createFrom().item(new Route(domain, found, tls, null, true))
                : mtaSts.policy(domain).map(policy -> withPolicy(domain, found, tls, policy)));
        return dane == null ? route : route.chain(r -> dane.lookup(r.hops()).map(r::withDane));
    }

    /**
     * RFC 8461 §5: under {@code enforce} certificates are checked ({@link TlsPolicy#VERIFY}) and
     * the MX hosts the policy does not name are not used; if none is left the mail waits
     * (451 4.7.5) rather than go elsewhere. The hops stay in the route, so the delivery client can
     * count each refused one in the domain's TLS report. {@code testing} keeps the level and all
     * hops: failures are only reported. {@code none} is no policy.
     */
    static Route withPolicy(String domain, List<NextHop> hops, TlsPolicy tls, MtaStsPolicy policy) {
        if (policy == null || policy.mode().equals("none")) {
            return new Route(domain, hops, tls, null, true);
        }
        return new Route(domain, hops, policy.enforce() ? TlsPolicy.VERIFY : tls, policy, true);
    }
}

package edu.hamburger.mail.relay.route;

import edu.hamburger.mail.auth.dns.DnsAnswer;
import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.dns.DnsType;
import edu.hamburger.mail.core.net.IpNetworks;
import edu.hamburger.mail.core.smtp.SmtpReply;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds the SMTP servers of a domain (RFC 5321 §5.1): its MX hosts by preference, equal
 * preferences shuffled to spread load; with no MX record, the domain itself if it has an
 * address (implicit MX); a null MX (RFC 7505) or a domain that does not exist is a permanent
 * failure, a DNS error a temporary one.
 *
 * <p>The relay resolves each MX host's addresses itself and connects to those, so that it can
 * refuse addresses it must never reach on a stranger's say-so: a domain whose MX (or implicit MX)
 * points at loopback, private, link-local or unique-local space ({@link IpNetworks#NON_PUBLIC})
 * would otherwise turn the relay into a probe of its own network. Such addresses are dropped;
 * when nothing else is left the mail bounces with 5.4.4 and no connection is attempted. Only the
 * transport map may send mail to such addresses (it names them explicitly).
 *
 * <p>It asks the platform's one resolver (mail-auth's {@link DnsResolver}, cached by TTL), and
 * hands its answers back on the caller's Vert.x context: the delivery client keeps state per
 * event loop.
 */
public class MxResolver {

    private final DnsResolver dns;
    private final IpNetworks refused;

    public MxResolver(DnsResolver dns) {
        this(dns, IpNetworks.NON_PUBLIC);
    }

    /** @param refused addresses never connected to; {@link IpNetworks#NONE} only in tests of ordering */
    public MxResolver(DnsResolver dns, IpNetworks refused) {
        this.dns = dns;
        this.refused = refused;
    }

    public Uni<List<NextHop>> resolve(String domain) {
        Context caller = Vertx.currentContext();
        Uni<List<NextHop>> resolved = query(domain, DnsType.MX)
                .map(answer -> records(domain, "MX", answer).stream().map(MxResolver::mxEntry).toList())
                .chain(records -> records.isEmpty()
                        // the implicit MX's addresses are what proved it exists: no second lookup
                        ? implicitMx(domain).map(addresses ->
                                publicHops(domain, List.of(new NextHop(domain, 25, null, "implicit MX")), List.of(addresses)))
                        : addresses(domain, hops(domain, records)));
        return caller == null ? resolved : resolved.emitOn(command -> caller.runOnContext(ignored -> command.run()));
    }

    private Uni<DnsAnswer> query(String name, DnsType type) {
        return Uni.createFrom().completionStage(() -> dns.query(name, type));
    }

    /** The records of an answer; NXDOMAIN bounces (5.1.2), a DNS failure defers (4.4.3). */
    private static List<String> records(String domain, String type, DnsAnswer answer) {
        return switch (answer.status()) {
            case OK -> answer.records();
            case NXDOMAIN -> throw new RoutingException(SmtpReply.of(550, "5.1.2", "Host or domain name not found: " + domain
                    + " (" + type + " lookup: NXDOMAIN)"));
            case TEMPORARY_ERROR -> throw new RoutingException(SmtpReply.of(451, "4.4.3", "DNS lookup of " + type + " for " + domain
                    + " failed: " + answer.detail()));
        };
    }

    /** "10 mx.crepes.fr" as the resolver writes an MX record. */
    private static MxEntry mxEntry(String record) {
        int space = record.indexOf(' ');
        return new MxEntry(record.substring(space + 1), Integer.parseInt(record.substring(0, space)));
    }

    /** Each MX host as the addresses it resolves to (A, then AAAA), non-public ones dropped. */
    private Uni<List<NextHop>> addresses(String domain, List<NextHop> named) {
        List<Uni<List<String>>> lookups = new ArrayList<>();
        for (NextHop hop : named) {
            lookups.add(hostAddresses(hop.host()));
        }
        return Uni.join().all(lookups).andCollectFailures().map(all -> publicHops(domain, named, all))
                .onFailure(e -> !(e instanceof RoutingException)).transform(e -> new RoutingException(SmtpReply.of(451, "4.4.3",
                        "address lookup for the mail servers of " + domain + " failed: " + e.getMessage())));
    }

    /** {@code named.get(i)} at each of {@code addresses.get(i)}, in order, leaving out non-public addresses. */
    private List<NextHop> publicHops(String domain, List<NextHop> named, List<List<String>> addresses) {
        List<NextHop> hops = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (int i = 0; i < named.size(); i++) {
            NextHop hop = named.get(i);
            for (String address : addresses.get(i)) {
                if (refused.contains(address)) {
                    dropped.add(hop.host() + " (" + address + ")");
                } else {
                    hops.add(new NextHop(address, hop.port(), null, hop.source() + " " + hop.host(), hop.host()));
                }
            }
        }
        if (hops.isEmpty() && !dropped.isEmpty()) {
            throw new RoutingException(SmtpReply.of(550, "5.4.4", "Mail for " + domain
                    + " would go to non-public addresses only (" + String.join(", ", dropped) + "); not relayed"));
        }
        if (hops.isEmpty()) {
            throw new RoutingException(SmtpReply.of(451, "4.4.3", "No address found for the mail servers of " + domain));
        }
        return hops;
    }

    /** A host's IPv4 then IPv6 addresses; an MX that is itself an IP literal (RFC 5321 forbids it, some publish it) as is. */
    private Uni<List<String>> hostAddresses(String host) {
        if (IpNetworks.literal(host) != null) {
            return Uni.createFrom().item(List.of(host));
        }
        Uni<List<String>> v4 = query(host, DnsType.A).map(DnsAnswer::records);
        Uni<List<String>> v6 = query(host, DnsType.AAAA).map(DnsAnswer::records);
        return Uni.combine().all().unis(v4, v6).asTuple().map(both -> {
            List<String> addresses = new ArrayList<>(both.getItem1());
            addresses.addAll(both.getItem2());
            return addresses;
        });
    }

    /** The MX hosts in the order to try them; package-private for the table test. */
    static List<NextHop> hops(String domain, List<MxEntry> records) {
        if (records.stream().anyMatch(MxResolver::isNullMx)) {
            if (records.size() == 1) {
                throw new RoutingException(SmtpReply.of(556, "5.1.10",
                        "Domain " + domain + " does not accept mail (null MX, RFC 7505)"));
            }
        }
        List<MxEntry> usable = new ArrayList<>(records.stream().filter(r -> !isNullMx(r)).toList());
        Collections.shuffle(usable, ThreadLocalRandom.current()); // then a stable sort keeps equal preferences shuffled
        usable.sort(Comparator.comparingInt(MxEntry::priority));
        return usable.stream()
                .map(r -> new NextHop(stripDot(r.name()), 25, null, "MX " + r.priority()))
                .toList();
    }

    /** One MX record: the exchange's name and its preference. */
    record MxEntry(String name, int priority) {
    }

    /** The domain's own addresses (A, else AAAA) when it has no MX; none at all is a permanent failure. */
    private Uni<List<String>> implicitMx(String domain) {
        return query(domain, DnsType.A).map(answer -> records(domain, "A", answer))
                .chain(a -> a.isEmpty()
                        ? query(domain, DnsType.AAAA).map(answer -> records(domain, "AAAA", answer))
                        : Uni.createFrom().item(a))
                .map(addresses -> {
                    if (addresses.isEmpty()) {
                        throw new RoutingException(SmtpReply.of(550, "5.1.2",
                                "Host or domain name not found: " + domain + " has no MX and no address"));
                    }
                    return addresses;
                });
    }

    private static boolean isNullMx(MxEntry record) {
        String name = record.name();
        return name == null || name.isEmpty() || name.equals(".");
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}

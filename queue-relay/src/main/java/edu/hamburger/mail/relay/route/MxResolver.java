package edu.hamburger.mail.relay.route;

import edu.hamburger.mail.core.smtp.SmtpReply;
import io.vertx.core.dns.DnsException;
import io.vertx.core.dns.DnsResponseCode;
import io.vertx.mutiny.core.dns.DnsClient;
import io.smallrye.mutiny.Uni;
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
 */
public class MxResolver {

    private final DnsClient dns;

    public MxResolver(DnsClient dns) {
        this.dns = dns;
    }

    public Uni<List<NextHop>> resolve(String domain) {
        return dns.resolveMX(domain)
                .onFailure().transform(e -> dnsFailure(domain, "MX", e))
                .map(records -> records.stream().map(r -> new MxEntry(r.name(), r.priority())).toList())
                .chain(records -> records.isEmpty() ? implicitMx(domain) : Uni.createFrom().item(hops(domain, records)));
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

    private Uni<List<NextHop>> implicitMx(String domain) {
        return dns.resolveA(domain)
                .onFailure().transform(e -> dnsFailure(domain, "A", e))
                .chain(a -> a.isEmpty()
                        ? dns.resolveAAAA(domain).onFailure().transform(e -> dnsFailure(domain, "AAAA", e))
                        : Uni.createFrom().item(a))
                .map(addresses -> {
                    if (addresses.isEmpty()) {
                        throw new RoutingException(SmtpReply.of(550, "5.1.2",
                                "Host or domain name not found: " + domain + " has no MX and no address"));
                    }
                    return List.of(new NextHop(domain, 25, null, "implicit MX"));
                });
    }

    private static boolean isNullMx(MxEntry record) {
        String name = record.name();
        return name == null || name.isEmpty() || name.equals(".");
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static Throwable dnsFailure(String domain, String type, Throwable e) {
        if (e instanceof RoutingException) {
            return e;
        }
        if (e instanceof DnsException dns && dns.code() == DnsResponseCode.NXDOMAIN) {
            return new RoutingException(SmtpReply.of(550, "5.1.2", "Host or domain name not found: " + domain
                    + " (" + type + " lookup: NXDOMAIN)"));
        }
        return new RoutingException(SmtpReply.of(451, "4.4.3", "DNS lookup of " + type + " for " + domain
                + " failed: " + e.getMessage()));
    }
}

package edu.hamburger.mail.relay.route;

import edu.hamburger.mail.auth.dane.TlsaRecord;
import edu.hamburger.mail.auth.dns.DnsAnswer;
import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.dns.DnsType;
import edu.hamburger.mail.core.net.IpNetworks;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Looks up the TLSA records of a route's MX hosts (RFC 7672 §2.2) at {@code _25._tcp.<host>} and
 * keeps only what the recursive server validated (the AD bit): DANE is as strong as the resolver
 * and the path to it, so {@code MAIL_DNS_SERVERS} should name a validating resolver on the node
 * (unbound, as for Postfix). Insecure or absent records leave the host to the other policies;
 * a failed lookup for a host whose address is in a signed zone makes the host unusable.
 */
public class DaneLookup {

    private final DnsResolver dns;

    public DaneLookup(DnsResolver dns) {
        this.dns = dns;
    }

    /** DANE per MX host name, for the hosts it applies to. Never fails. */
    public Uni<Map<String, Dane>> lookup(List<NextHop> hops) {
        List<String> names = hops.stream().map(NextHop::serverName).filter(name -> IpNetworks.literal(name) == null).distinct().toList();
        if (names.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Uni<Map.Entry<String, Dane>>> lookups = new ArrayList<>();
        for (String name : names) {
            lookups.add(forHost(name).map(dane -> dane == null ? null : Map.entry(name, dane)));
        }
        return Uni.join().all(lookups).andFailFast().map(entries -> {
            Map<String, Dane> found = new HashMap<>();
            entries.stream().filter(Objects::nonNull).forEach(e -> found.put(e.getKey(), e.getValue()));
            return Map.copyOf(found);
        });
    }

    private Uni<Dane> forHost(String host) {
        return query("_25._tcp." + host, DnsType.TLSA).chain(answer -> {
            if (answer.status() == DnsAnswer.Status.TEMPORARY_ERROR) {
                // a validating resolver answers SERVFAIL for records whose signatures fail: if the
                // host's zone is signed, that may be an attacker stripping the TLSA records
                return query(host, DnsType.A).map(address -> address.ok() && address.authenticated()
                        ? new Dane(Dane.Mode.UNREACHABLE, List.of()) : null);
            }
            if (!answer.ok() || !answer.authenticated() || answer.records().isEmpty()) {
                return Uni.createFrom().nullItem();
            }
            List<TlsaRecord> records = answer.records().stream().map(TlsaRecord::parse).filter(Objects::nonNull).toList();
            List<TlsaRecord> usable = records.stream().filter(TlsaRecord::usable).toList();
            return Uni.createFrom().item(usable.isEmpty() ? new Dane(Dane.Mode.ENCRYPT, records) : new Dane(Dane.Mode.AUTHENTICATE, usable));
        });
    }

    private Uni<DnsAnswer> query(String name, DnsType type) {
        return Uni.createFrom().completionStage(() -> dns.query(name, type));
    }
}

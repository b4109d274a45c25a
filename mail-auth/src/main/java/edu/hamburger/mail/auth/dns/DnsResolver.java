package edu.hamburger.mail.auth.dns;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/**
 * The one DNS resolver of the platform: the relay's MX lookups and the SPF, DKIM and DMARC checks
 * ask it. It sends queries to recursive servers (the system's or {@link DnsSettings#servers()}),
 * asynchronously, and keeps answers for their TTL (negative answers for the SOA minimum, RFC 2308),
 * bounded in number. Temporary errors are not kept, so the next message tries again.
 */
public final class DnsResolver {

    private final Resolver resolver;
    private final DnsSettings settings;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Clock clock;

    private record Cached(DnsAnswer answer, Instant expires) {
    }

    public DnsResolver(DnsSettings settings) {
        this(settings, Clock.systemUTC());
    }

    DnsResolver(DnsSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        List<InetSocketAddress> servers = settings.servers().isEmpty()
                ? ResolverConfig.getCurrentConfig().servers() : settings.servers();
        List<Resolver> resolvers = new ArrayList<>();
        for (InetSocketAddress server : servers) {
            resolvers.add(new SimpleResolver(server));
        }
        ExtendedResolver extended = new ExtendedResolver(resolvers);
        extended.setTimeout(settings.timeout());
        extended.setRetries(2);
        extended.setLoadBalance(false);
        extended.setEDNS(0, 1232, 0, List.of());
        this.resolver = extended;
    }

    /** Asks for records of {@code type} at {@code name}; never completes exceptionally. */
    public CompletionStage<DnsAnswer> query(String name, DnsType type) {
        String key = type + " " + name.toLowerCase(Locale.ROOT);
        Cached cached = cache.get(key);
        if (cached != null && cached.expires().isAfter(clock.instant())) {
            return CompletableFuture.completedFuture(cached.answer());
        }
        Message query;
        try {
            Name qname = Name.fromString(name.endsWith(".") ? name : name + ".");
            query = Message.newQuery(Record.newRecord(qname, type.code, DClass.IN));
            query.getHeader().setFlag(Flags.AD); // asks a validating server to say whether it validated (RFC 6840 §5.7)
        } catch (TextParseException e) {
            // a name DNS cannot even carry (a label over 63 octets, say) exists nowhere
            return CompletableFuture.completedFuture(new DnsAnswer(DnsAnswer.Status.NXDOMAIN, List.of(), "not a DNS name: " + e.getMessage()));
        }
        return resolver.sendAsync(query).handle((response, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                return DnsAnswer.temporaryError(type + " " + name + ": " + cause);
            }
            return remember(key, response, type);
        });
    }

    /** {@link #query} for callers on a worker thread (the SPF and DMARC evaluators). */
    public DnsAnswer lookup(String name, DnsType type) {
        return query(name, type).toCompletableFuture().join();
    }

    private DnsAnswer remember(String key, Message response, DnsType type) {
        int rcode = response.getRcode();
        DnsAnswer answer;
        long ttl;
        if (rcode == Rcode.NXDOMAIN) {
            answer = new DnsAnswer(DnsAnswer.Status.NXDOMAIN, List.of(), "NXDOMAIN", response.getHeader().getFlag(Flags.AD));
            ttl = negativeTtl(response);
        } else if (rcode != Rcode.NOERROR) {
            return DnsAnswer.temporaryError(type + ": " + Rcode.string(rcode));
        } else {
            List<String> records = new ArrayList<>();
            long minTtl = Long.MAX_VALUE;
            for (Record record : response.getSection(Section.ANSWER)) {
                if (record.getType() == type.code) {
                    records.add(text(record));
                    minTtl = Math.min(minTtl, record.getTTL());
                }
            }
            answer = new DnsAnswer(DnsAnswer.Status.OK, List.copyOf(records), null, response.getHeader().getFlag(Flags.AD));
            ttl = records.isEmpty() ? negativeTtl(response) : minTtl;
        }
        Duration keep = Duration.ofSeconds(Math.min(ttl, settings.maxTtl().toSeconds()));
        if (!keep.isZero()) {
            if (cache.size() >= settings.maxEntries()) {
                evict();
            }
            cache.put(key, new Cached(answer, clock.instant().plus(keep)));
        }
        return answer;
    }

    private long negativeTtl(Message response) {
        for (Record record : response.getSection(Section.AUTHORITY)) {
            if (record instanceof SOARecord soa) {
                return Math.min(soa.getTTL(), soa.getMinimum());
            }
        }
        return settings.negativeTtl().toSeconds();
    }

    /** Drops what has expired; if the cache is still full, all of it (it refills from DNS). */
    private void evict() {
        Instant now = clock.instant();
        cache.values().removeIf(c -> !c.expires().isAfter(now));
        if (cache.size() >= settings.maxEntries()) {
            cache.clear();
        }
    }

    static String text(Record record) {
        if (record instanceof TXTRecord txt) {
            StringBuilder joined = new StringBuilder();
            for (byte[] part : txt.getStringsAsByteArrays()) {
                joined.append(new String(part, StandardCharsets.UTF_8));
            }
            return joined.toString();
        }
        if (record instanceof MXRecord mx) {
            return mx.getPriority() + " " + withoutDot(mx.getTarget());
        }
        if (record instanceof ARecord a) {
            return a.getAddress().getHostAddress();
        }
        if (record instanceof AAAARecord aaaa) {
            return aaaa.getAddress().getHostAddress();
        }
        if (record instanceof PTRRecord ptr) {
            return withoutDot(ptr.getTarget());
        }
        return record.rdataToString();
    }

    private static String withoutDot(Name name) {
        String text = name.toString();
        return text.endsWith(".") && text.length() > 1 ? text.substring(0, text.length() - 1) : text;
    }
}

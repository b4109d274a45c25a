package edu.hamburger.mail.relay.route;

import edu.hamburger.mail.auth.MtaStsPolicy;
import edu.hamburger.mail.auth.dns.DnsAnswer;
import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.dns.DnsType;
import edu.hamburger.mail.core.net.IpNetworks;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The MTA-STS policies (RFC 8461) of the domains the relay delivers to: a domain announces one in
 * {@code _mta-sts.<domain>} TXT; the relay fetches it over HTTPS from
 * {@code https://mta-sts.<domain>/.well-known/mta-sts.txt} (certificate checked, no redirects, at
 * most 64 KiB, text/plain) and keeps it for its max_age, fetching again when the record's id
 * changes. A fetch that fails leaves the cached policy in force; with none cached the domain is
 * treated as having no policy (§5). Kept in memory per relay process: a restart fetches again.
 */
public class MtaStsPolicies {

    private static final Logger LOG = Logger.getLogger(MtaStsPolicies.class);
    static final String PATH = "/.well-known/mta-sts.txt";

    private record Cached(MtaStsPolicy policy, String id, Instant expires) {
    }

    private final DnsResolver dns;
    private final HttpClient https;
    private final int port;
    private final Duration timeout;
    private final IpNetworks refused;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /**
     * @param https   a client with TLS on, the chain and host name verified
     * @param port    443; another only in tests
     * @param refused addresses a policy host may not have (as the MX resolver refuses them)
     */
    public MtaStsPolicies(DnsResolver dns, HttpClient https, int port, Duration timeout, IpNetworks refused, Clock clock) {
        this.dns = dns;
        this.https = https;
        this.port = port;
        this.timeout = timeout;
        this.refused = refused;
        this.clock = clock;
    }

    /** The domain's policy in force, or null when it has none. Never fails. */
    public Uni<MtaStsPolicy> policy(String domain) {
        Context caller = Vertx.currentContext();
        Uni<MtaStsPolicy> found = query("_mta-sts." + domain, DnsType.TXT).chain(answer -> {
            Cached cached = live(domain);
            String id = answer.records().stream().map(MtaStsPolicy::recordId).filter(Objects::nonNull).findFirst().orElse(null);
            if (id == null || (cached != null && cached.id().equals(id))) {
                // no record (or no answer): a cached policy stays in force until its max_age (§5.1)
                return Uni.createFrom().item(cached == null ? null : cached.policy());
            }
            return fetch(domain).map(policy -> {
                cache.put(domain, new Cached(policy, id, clock.instant().plusSeconds(policy.maxAge())));
                LOG.infof("MTA-STS policy of %s (id %s): mode %s, mx %s, max_age %d", domain, id, policy.mode(), policy.mxHosts(), policy.maxAge());
                return policy;
            }).onFailure().recoverWithItem(e -> {
                LOG.warnf("MTA-STS policy of %s announced (id %s) but not fetched: %s%s", domain, id, e.getMessage(),
                        cached == null ? "; delivering as without one" : "; the cached one stays in force");
                return cached == null ? null : cached.policy();
            });
        });
        return caller == null ? found : found.emitOn(command -> caller.runOnContext(ignored -> command.run()));
    }

    private Cached live(String domain) {
        Cached cached = cache.get(domain);
        return cached != null && cached.expires().isAfter(clock.instant()) ? cached : null;
    }

    private Uni<MtaStsPolicy> fetch(String domain) {
        String host = "mta-sts." + domain;
        return query(host, DnsType.A)
                .chain(a -> a.records().isEmpty() ? query(host, DnsType.AAAA) : Uni.createFrom().item(a))
                .chain(addresses -> {
                    List<String> usable = addresses.records().stream().filter(address -> !refused.contains(address)).toList();
                    if (usable.isEmpty()) {
                        return Uni.createFrom().failure(new IllegalStateException(host + " has no public address"));
                    }
                    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port)
                            .setURI(PATH).setServer(SocketAddress.inetSocketAddress(port, usable.get(0)))
                            .setFollowRedirects(false).setTimeout(timeout.toMillis());
                    return Uni.createFrom().completionStage(() -> get(request).toCompletionStage());
                })
                .map(body -> MtaStsPolicy.parse(body.toString(StandardCharsets.UTF_8)));
    }

    /** The body of a 200 text/plain answer, refused beyond {@link MtaStsPolicy#MAX_BYTES} while it streams in. */
    private Future<Buffer> get(RequestOptions options) {
        return https.request(options).compose(request -> request.send()).compose(response -> {
            if (response.statusCode() != 200) {
                return Future.failedFuture("HTTP " + response.statusCode());
            }
            String type = String.valueOf(response.getHeader("Content-Type"));
            if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("text/plain")) {
                return Future.failedFuture("Content-Type " + type + ", not text/plain");
            }
            Promise<Buffer> body = Promise.promise();
            Buffer received = Buffer.buffer();
            response.handler(chunk -> {
                received.appendBuffer(chunk);
                if (received.length() > MtaStsPolicy.MAX_BYTES) {
                    body.tryFail("policy larger than " + MtaStsPolicy.MAX_BYTES + " octets");
                    response.request().reset();
                }
            });
            response.exceptionHandler(body::tryFail);
            response.endHandler(end -> body.tryComplete(received));
            return body.future();
        });
    }

    private Uni<DnsAnswer> query(String name, DnsType type) {
        return Uni.createFrom().completionStage(() -> dns.query(name, type));
    }
}

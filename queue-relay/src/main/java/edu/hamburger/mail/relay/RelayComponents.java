package edu.hamburger.mail.relay;

import edu.hamburger.mail.relay.client.SessionOpener;
import edu.hamburger.mail.relay.client.SmtpDeliveryClient;
import edu.hamburger.mail.relay.delivery.RetryPolicy;
import edu.hamburger.mail.relay.route.DestinationRouter;
import edu.hamburger.mail.relay.route.MxResolver;
import edu.hamburger.mail.relay.route.TlsPolicy;
import edu.hamburger.mail.relay.route.TransportMap;
import io.vertx.core.Vertx;
import io.vertx.core.dns.DnsClientOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds the relay's plain (non-CDI) parts from configuration, once. */
@ApplicationScoped
public class RelayComponents {

    @Produces
    @Singleton
    SmtpDeliveryClient deliveryClient(Vertx vertx, RelayConfig config, @Named("heloName") String heloName) {
        TransportMap transportMap = TransportMap.parse(config.transportMap().orElse(""));
        TlsPolicy.Table tls = TlsPolicy.Table.parse(config.tlsPolicy().orElse(""));
        DnsClientOptions dnsOptions = new DnsClientOptions().setQueryTimeout(10_000).setRecursionDesired(true);
        config.dnsServer().ifPresent(server -> {
            int colon = server.lastIndexOf(':');
            boolean hasPort = colon > 0 && server.indexOf(':') == colon; // host:port, not a bare IPv6 address
            dnsOptions.setHost(hasPort ? server.substring(0, colon) : server);
            dnsOptions.setPort(hasPort ? Integer.parseInt(server.substring(colon + 1)) : 53);
        });
        MxResolver mx = new MxResolver(io.vertx.mutiny.core.Vertx.newInstance(vertx).createDnsClient(dnsOptions));
        // Opportunistic TLS does not check certificates (Postfix's "may"/"encrypt" levels do not either).
        NetClientOptions opportunistic = new NetClientOptions()
                .setConnectTimeout((int) config.timeouts().connect().toMillis())
                .setTrustAll(true)
                .setHostnameVerificationAlgorithm("")
                .setTcpNoDelay(true);
        SessionOpener opener = new SessionOpener(vertx, vertx.createNetClient(opportunistic),
                vertx.createNetClient(verifyingOptions(config)), heloName, config.timeouts());
        int loops = Math.max(2, Runtime.getRuntime().availableProcessors());
        return new SmtpDeliveryClient(vertx, loops, new DestinationRouter(transportMap, tls, mx), opener, config);
    }

    /** The "verify" level: the chain against the trust store, the name as HTTPS clients check it (RFC 6125). */
    public static NetClientOptions verifyingOptions(RelayConfig config) {
        NetClientOptions options = new NetClientOptions()
                .setConnectTimeout((int) config.timeouts().connect().toMillis())
                .setTrustAll(false)
                .setHostnameVerificationAlgorithm("HTTPS")
                .setTcpNoDelay(true);
        config.tlsTrustStore().ifPresent(files -> {
            PemTrustOptions trust = new PemTrustOptions();
            files.forEach(trust::addCertPath);
            options.setTrustOptions(trust);
        });
        return options;
    }

    @Produces
    @Named("heloName")
    String heloName(RelayConfig config, @ConfigProperty(name = "mail.domain") String domain) {
        return config.heloName().orElse(domain);
    }

    @Produces
    @Singleton
    RetryPolicy retryPolicy(RelayConfig config) {
        return new RetryPolicy(config.retry().minimalBackoff(), config.retry().maximalBackoff(), config.retry().queueLifetime());
    }
}

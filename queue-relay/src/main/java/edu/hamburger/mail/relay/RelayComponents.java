package edu.hamburger.mail.relay;

import edu.hamburger.mail.relay.client.SessionOpener;
import edu.hamburger.mail.relay.client.SmtpDeliveryClient;
import edu.hamburger.mail.relay.delivery.RetryPolicy;
import edu.hamburger.mail.relay.route.DestinationRouter;
import edu.hamburger.mail.relay.route.MtaStsPolicies;
import edu.hamburger.mail.relay.route.MxResolver;
import edu.hamburger.mail.relay.route.TlsPolicy;
import edu.hamburger.mail.relay.route.TransportMap;
import io.vertx.core.Vertx;
import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.dns.DnsSettings;
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
    SmtpDeliveryClient deliveryClient(Vertx vertx, RelayConfig config, @Named("heloName") String heloName,
                                      @ConfigProperty(name = "mail.dns.servers") java.util.Optional<String> dnsServers,
                                      @ConfigProperty(name = "mail.dns.timeout", defaultValue = "10s") java.time.Duration dnsTimeout,
                                      @ConfigProperty(name = "mail.relay.mta-sts.enabled", defaultValue = "true") boolean mtaStsEnabled,
                                      @ConfigProperty(name = "mail.relay.mta-sts.https-port", defaultValue = "443") int mtaStsPort,
                                      @ConfigProperty(name = "mail.relay.mta-sts.fetch-timeout", defaultValue = "20s") java.time.Duration mtaStsTimeout,
                                      @ConfigProperty(name = "mail.relay.dane.enabled", defaultValue = "true") boolean daneEnabled,
                                      edu.hamburger.mail.relay.delivery.TlsObservationPublisher tlsSessions) {
        TransportMap transportMap = TransportMap.parse(config.transportMap().orElse(""));
        TlsPolicy.Table tls = TlsPolicy.Table.parse(config.tlsPolicy().orElse(""));
        // MAIL_DNS_SERVERS, shared with the MX checks; the relay's older MAIL_RELAY_DNS_SERVER still works
        String servers = dnsServers.filter(s -> !s.isBlank()).orElse(config.dnsServer().orElse(""));
        DnsResolver dns = new DnsResolver(DnsSettings.parse(servers, dnsTimeout));
        MxResolver mx = new MxResolver(dns);
        // policies are fetched with the "verify" level's trust (mail.relay.tls-trust-store or the JDK's CAs)
        MtaStsPolicies mtaSts = mtaStsEnabled ? new MtaStsPolicies(dns, vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
                .setSsl(true).setVerifyHost(true).setTrustAll(false).setTrustOptions(verifyingOptions(config).getTrustOptions())
                .setConnectTimeout((int) mtaStsTimeout.toMillis())), mtaStsPort, mtaStsTimeout,
                edu.hamburger.mail.core.net.IpNetworks.NON_PUBLIC, java.time.Clock.systemUTC()) : null;
        // Opportunistic TLS does not check certificates (Postfix's "may"/"encrypt" levels do not either).
        NetClientOptions opportunistic = new NetClientOptions()
                .setConnectTimeout((int) config.timeouts().connect().toMillis())
                .setTrustAll(true)
                .setHostnameVerificationAlgorithm("")
                .setTcpNoDelay(true);
        SessionOpener opener = new SessionOpener(vertx, vertx.createNetClient(opportunistic),
                vertx.createNetClient(verifyingOptions(config)), heloName, config.timeouts());
        int loops = Math.max(2, Runtime.getRuntime().availableProcessors());
        // TLS per session, in RFC 8460's result types: mail_relay_tls_sessions_total{result} and TLS reports
        return new SmtpDeliveryClient(vertx, loops, new DestinationRouter(transportMap, tls, mx, mtaSts,
                daneEnabled ? new edu.hamburger.mail.relay.route.DaneLookup(dns) : null), opener, config, tlsSessions);
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

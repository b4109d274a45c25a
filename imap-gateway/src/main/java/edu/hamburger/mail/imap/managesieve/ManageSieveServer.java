package edu.hamburger.mail.imap.managesieve;

import edu.hamburger.mail.imap.ImapSettings;
import edu.hamburger.mail.line.ClientNetworks;
import edu.hamburger.mail.line.ConnectionGate;
import edu.hamburger.mail.line.ConnectionInfo;
import edu.hamburger.mail.line.LineMetrics;
import edu.hamburger.mail.line.LineServer;
import edu.hamburger.mail.line.LineSession;
import edu.hamburger.mail.line.ListenerSpec;
import edu.hamburger.mail.line.ServerLimits;
import edu.hamburger.mail.line.SessionFactory;
import edu.hamburger.mail.line.sasl.FailedLoginPolicy;
import edu.hamburger.mail.sieve.SieveLimits;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Starts ManageSieve (RFC 5804) on its own listener of the shared line server, beside IMAP in
 * imap-gateway: the same key store (STARTTLS), login policy and connection caps; its own metrics
 * under protocol "managesieve".
 */
@ApplicationScoped
public class ManageSieveServer {

    private static final Logger LOG = Logger.getLogger(ManageSieveServer.class);
    static final String MANAGESIEVE = "managesieve";
    /** Literals before login carry only a SASL response. */
    static final int MAX_LITERAL_BEFORE_LOGIN = 4096;

    @ConfigProperty(name = "mail.proxy-protocol.listeners")
    Optional<String> proxyListeners;

    @ConfigProperty(name = "mail.proxy-protocol.sources")
    Optional<String> proxySources;

    @ConfigProperty(name = "mail.trusted-networks")
    Optional<String> trustedNetworks;

    @ConfigProperty(name = "mail.domain")
    String domain;

    @Inject
    Vertx vertx;

    @Inject
    ImapSettings settings;

    @Inject
    ApiSievePort port;

    @Inject
    MeterRegistry registry;

    @Inject
    io.opentelemetry.api.trace.Tracer tracer;

    private LineServer server;

    void start(@Observes StartupEvent event) throws Exception {
        if (settings.manageSievePort() < 0) {
            LOG.info("ManageSieve is off (mail.imap.managesieve-port=-1)");
            return;
        }
        SieveLimits sieve = SieveLimits.defaults();
        ManageSieveProtocol protocol = new ManageSieveProtocol(new ManageSieveProtocol.Policy(settings.hostname().orElse(domain),
                settings.allowPlaintextAuthOnLoopback(), new FailedLoginPolicy(settings.maxAuthFailures(), settings.failedLoginDelay()),
                sieve.maxRedirects()), port);
        ManageSieveLineSession.Limits limits = new ManageSieveLineSession.Limits(8192, sieve.maxScriptBytes() * 4 + 1024,
                MAX_LITERAL_BEFORE_LOGIN, settings.loginTimeout().compareTo(settings.idleTimeout()) > 0
                        ? settings.loginTimeout() : settings.idleTimeout());
        server = new LineServer(vertx, MANAGESIEVE, LineServer.keystore(settings.tlsKeystore(), settings.tlsKeystorePassword()),
                new ServerLimits(settings.maxConnectionsPerClient(), settings.maxConnections(), 8192 * 4,
                        ClientNetworks.of(trustedNetworks.orElse(""), proxyListeners.orElse(""), proxySources.orElse(""))));
        server.measure(new LineMetrics(registry, MANAGESIEVE, tracer));
        server.watchKeystore(settings.tlsReloadPeriod());
        server.listen(new ListenerSpec(MANAGESIEVE, settings.bindAddress(), settings.manageSievePort(), false), new SessionFactory() {
            @Override
            public LineSession open(ConnectionInfo connection) {
                return new ManageSieveLineSession(new ManageSieveSession(connection.sessionId(), connection.clientAddress(),
                        connection.loopback(), connection.implicitTls(), connection.tlsAvailable()), protocol, limits);
            }

            @Override
            public byte[] refusal(ConnectionGate.Refusal why) {
                return SieveReply.bye("TRYLATER", why == ConnectionGate.Refusal.CLIENT_LIMIT
                        ? "too many connections from your address" : "too many connections").getBytes(StandardCharsets.US_ASCII);
            }
        });
    }

    /** The bound port, or -1 when ManageSieve is off. */
    public int port() {
        return server == null ? -1 : server.port(MANAGESIEVE);
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
    }
}

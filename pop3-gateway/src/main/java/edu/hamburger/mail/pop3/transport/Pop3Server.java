package edu.hamburger.mail.pop3.transport;

import edu.hamburger.mail.line.ClientNetworks;
import edu.hamburger.mail.line.ConnectionGate;
import edu.hamburger.mail.line.ConnectionInfo;
import edu.hamburger.mail.line.LineMetrics;
import edu.hamburger.mail.line.LineServer;
import io.micrometer.core.instrument.MeterRegistry;
import edu.hamburger.mail.line.LineSession;
import edu.hamburger.mail.line.ListenerSpec;
import edu.hamburger.mail.line.ServerLimits;
import edu.hamburger.mail.line.SessionFactory;
import edu.hamburger.mail.line.sasl.FailedLoginPolicy;
import edu.hamburger.mail.pop3.Pop3Settings;
import edu.hamburger.mail.pop3.port.ApiMaildrops;
import edu.hamburger.mail.pop3.protocol.Pop3Protocol;
import edu.hamburger.mail.pop3.protocol.Pop3Reply;
import edu.hamburger.mail.pop3.protocol.Pop3Session;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Starts the POP3 (STLS) and POP3S listeners on the shared line server and wires the protocol to the maildrop port. */
@ApplicationScoped
public class Pop3Server {

    private static final Logger LOG = Logger.getLogger(Pop3Server.class);
    static final String POP3 = "pop3";
    static final String POP3S = "pop3s";

    /** Listener names behind a TCP load balancer that sends the PROXY protocol (docs/security.md). */
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "mail.proxy-protocol.listeners")
    java.util.Optional<String> proxyListeners;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "mail.proxy-protocol.sources")
    java.util.Optional<String> proxySources;

    /** Clients exempt from the per-client connection cap (Postfix's mynetworks); none unless set. */
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "mail.trusted-networks")
    java.util.Optional<String> trustedNetworks;

    @Inject
    Vertx vertx;

    @Inject
    Pop3Settings settings;

    @Inject
    ApiMaildrops maildrops;

    @ConfigProperty(name = "mail.domain")
    String domain;

    @Inject
    MeterRegistry registry;

    @Inject
    io.opentelemetry.api.trace.Tracer tracer;

    private LineServer server;
    private volatile boolean ready;

    void start(@Observes StartupEvent event) throws Exception {
        Pop3Protocol protocol = new Pop3Protocol(new Pop3Protocol.Policy(settings.hostname().orElse(domain),
                settings.allowPlaintextAuthOnLoopback(), new FailedLoginPolicy(settings.maxAuthFailures(), settings.failedLoginDelay()),
                settings.lockWait()), maildrops);
        Pop3LineSession.Limits limits = new Pop3LineSession.Limits(settings.maxCommandLine(), settings.maxAuthLine(),
                settings.idleTimeout(), Duration.ofMillis(Math.max(1000, settings.leaseDuration().toMillis() / 3)));
        server = new LineServer(vertx, POP3, LineServer.keystore(settings.tlsKeystore(), settings.tlsKeystorePassword()),
                new ServerLimits(settings.maxConnectionsPerClient(), settings.maxConnections(), settings.maxAuthLine() * 4,
                        ClientNetworks.of(trustedNetworks.orElse(""), proxyListeners.orElse(""), proxySources.orElse(""))));
        LineMetrics lineMetrics = new LineMetrics(registry, POP3, tracer);
        protocol.measure(lineMetrics);
        server.measure(lineMetrics);
        server.watchKeystore(settings.tlsReloadPeriod());
        SessionFactory sessions = new SessionFactory() {
            @Override
            public LineSession open(ConnectionInfo connection) {
                return new Pop3LineSession(new Pop3Session(connection.clientAddress(), connection.loopback(), connection.implicitTls(),
                        connection.tlsAvailable(), connection.sessionId()), protocol, limits);
            }

            @Override
            public byte[] refusal(ConnectionGate.Refusal why) {
                return Pop3Reply.error(why == ConnectionGate.Refusal.CLIENT_LIMIT
                        ? "[SYS/TEMP] too many connections from your address, try later"
                        : "[SYS/TEMP] too many connections, try later").toWire();
            }
        };
        server.listen(new ListenerSpec(POP3, settings.bindAddress(), settings.port(), false), sessions);
        if (server.tlsAvailable()) {
            server.listen(new ListenerSpec(POP3S, settings.bindAddress(), settings.tlsPort(), true), sessions);
        } else {
            LOG.warn("no TLS key store (MAIL_TLS_KEYSTORE): no STLS, no POP3S, and logins only on loopback in dev");
        }
        ready = true;
    }

    public boolean ready() {
        return ready;
    }

    public int port(boolean tls) {
        return server == null ? -1 : server.port(tls ? POP3S : POP3);
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
    }
}

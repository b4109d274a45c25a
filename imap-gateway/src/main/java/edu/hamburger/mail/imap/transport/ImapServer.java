package edu.hamburger.mail.imap.transport;

import edu.hamburger.mail.imap.ImapSettings;
import edu.hamburger.mail.imap.port.ApiMailboxPort;
import edu.hamburger.mail.imap.port.ChangeFeed;
import edu.hamburger.mail.imap.protocol.ImapProtocol;
import edu.hamburger.mail.imap.protocol.ImapSession;
import edu.hamburger.mail.line.ClientNetworks;
import edu.hamburger.mail.line.ConnectionGate;
import edu.hamburger.mail.line.ConnectionInfo;
import edu.hamburger.mail.line.LineMetrics;
import edu.hamburger.mail.line.LineServer;
import io.micrometer.core.instrument.MeterRegistry;
import edu.hamburger.mail.line.LineSession;
import edu.hamburger.mail.line.MessageMemory;
import edu.hamburger.mail.line.ListenerSpec;
import edu.hamburger.mail.line.ServerLimits;
import edu.hamburger.mail.line.SessionFactory;
import edu.hamburger.mail.line.sasl.FailedLoginPolicy;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Starts the IMAP (STARTTLS) and IMAPS listeners on the shared line server and wires the protocol to the store and the change feed. */
@ApplicationScoped
public class ImapServer {

    private static final Logger LOG = Logger.getLogger(ImapServer.class);
    static final String IMAP = "imap";
    static final String IMAPS = "imaps";

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
    ImapSettings settings;

    @Inject
    ApiMailboxPort store;

    @Inject
    ChangeFeed feed;

    @ConfigProperty(name = "mail.domain")
    String domain;

    @Inject
    MeterRegistry registry;

    @Inject
    io.opentelemetry.api.trace.Tracer tracer;

    private LineServer server;
    private volatile boolean ready;

    void start(@Observes StartupEvent event) throws Exception {
        ImapProtocol protocol = new ImapProtocol(new ImapProtocol.Policy(settings.hostname().orElse(domain),
                settings.allowPlaintextAuthOnLoopback(), new FailedLoginPolicy(settings.maxAuthFailures(), settings.failedLoginDelay()),
                settings.appendLimit(), settings.cacheBytes()), store);
        ImapLineSession.Limits limits = new ImapLineSession.Limits(settings.maxLine(), settings.maxCommand(),
                settings.maxLiteralBeforeLogin(), settings.appendLimit(), settings.idleTimeout(), settings.loginTimeout());
        server = new LineServer(vertx, IMAP, LineServer.keystore(settings.tlsKeystore(), settings.tlsKeystorePassword()),
                new ServerLimits(settings.maxConnectionsPerClient(), settings.maxConnections(), settings.maxLine() * 4,
                        ClientNetworks.of(trustedNetworks.orElse(""), proxyListeners.orElse(""), proxySources.orElse(""))));
        LineMetrics lineMetrics = new LineMetrics(registry, IMAP, tracer);
        protocol.measure(lineMetrics);
        server.measure(lineMetrics);
        server.watchKeystore(settings.tlsReloadPeriod());
        MessageMemory messageMemory = new MessageMemory(settings.maxMessageBytesInFlight());
        SessionFactory sessions = new SessionFactory() {
            @Override
            public LineSession open(ConnectionInfo connection) {
                ImapSession session = new ImapSession(connection.sessionId(), connection.clientAddress(), connection.loopback(),
                        connection.implicitTls(), connection.tlsAvailable());
                return new ImapLineSession(session, protocol, feed, limits, messageMemory);
            }

            @Override
            public byte[] refusal(ConnectionGate.Refusal why) {
                return ("* BYE [UNAVAILABLE] " + (why == ConnectionGate.Refusal.CLIENT_LIMIT
                        ? "too many connections from your address, try later" : "too many connections, try later") + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
            }
        };
        server.listen(new ListenerSpec(IMAP, settings.bindAddress(), settings.port(), false), sessions);
        if (server.tlsAvailable()) {
            server.listen(new ListenerSpec(IMAPS, settings.bindAddress(), settings.tlsPort(), true), sessions);
        } else {
            LOG.warn("no TLS key store (MAIL_TLS_KEYSTORE): no STARTTLS, no IMAPS, and logins only on loopback in dev");
        }
        ready = true;
    }

    public boolean ready() {
        return ready;
    }

    public int port(boolean tls) {
        return server == null ? -1 : server.port(tls ? IMAPS : IMAP);
    }

    public int openConnections() {
        return server == null ? 0 : server.openConnections();
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
    }
}

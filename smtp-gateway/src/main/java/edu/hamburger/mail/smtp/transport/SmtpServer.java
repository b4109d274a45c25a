package edu.hamburger.mail.smtp.transport;

import edu.hamburger.mail.core.smtp.SmtpReply;
import edu.hamburger.mail.core.trace.MessageTrace;
import edu.hamburger.mail.line.ClientNetworks;
import edu.hamburger.mail.line.ConnectionGate;
import edu.hamburger.mail.line.ConnectionInfo;
import edu.hamburger.mail.line.LineMetrics;
import edu.hamburger.mail.line.LineServer;
import edu.hamburger.mail.line.LineSession;
import edu.hamburger.mail.line.ListenerSpec;
import edu.hamburger.mail.line.MessageMemory;
import edu.hamburger.mail.line.ServerLimits;
import edu.hamburger.mail.line.SessionFactory;
import edu.hamburger.mail.line.sasl.FailedLoginPolicy;
import edu.hamburger.mail.mailbox.client.MailboxAccounts;
import edu.hamburger.mail.smtp.SmtpSettings;
import edu.hamburger.mail.smtp.port.KafkaMailQueue;
import edu.hamburger.mail.smtp.protocol.Listener;
import edu.hamburger.mail.smtp.protocol.MasterUser;
import edu.hamburger.mail.smtp.protocol.SmtpPolicy;
import edu.hamburger.mail.smtp.protocol.SmtpProtocol;
import edu.hamburger.mail.smtp.protocol.SmtpSession;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Starts the three SMTP listeners (MX, submission, SMTPS) on the shared line server and wires the
 * protocol to its ports: recipient lookup and passwords through mailbox-service, the queue through Kafka.
 */
@ApplicationScoped
public class SmtpServer {

    private static final Logger LOG = Logger.getLogger(SmtpServer.class);

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
    SmtpSettings settings;

    @Inject
    MailboxAccounts accounts;

    @Inject
    KafkaMailQueue queue;

    @Inject
    edu.hamburger.mail.smtp.port.MailAuthentication mailAuthentication;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @Inject
    Tracer tracer;

    @ConfigProperty(name = "mail.domain")
    String domain;

    /** 0 turns re-send suppression off: no digest is written (mailbox-service reads the same setting). */
    @ConfigProperty(name = "mail.resend-suppression.window", defaultValue = "10m")
    java.time.Duration resendSuppressionWindow;

    private LineServer server;
    private volatile boolean ready;

    void start(@Observes StartupEvent event) throws Exception {
        String hostname = settings.hostname().orElse(domain);
        SmtpPolicy policy = new SmtpPolicy(hostname, domain, settings.maxMessageSize(), settings.maxRecipients(),
                settings.maxErrors(), settings.maxCommandsBeforeMail(),
                new FailedLoginPolicy(settings.maxAuthFailures(), settings.failedLoginDelay()),
                settings.allowPlaintextAuthOnLoopback(),
                new SmtpPolicy.RecipientTarpit(settings.unknownRecipientsBeforeDelay(), settings.unknownRecipientDelay(),
                        java.time.Duration.ofSeconds(10)),
                !resendSuppressionWindow.isZero());
        SmtpProtocol protocol = new SmtpProtocol(policy, accounts::recipient, (user, password, client) -> accounts.authenticate(user, password, client, "smtp"),
                records -> queue.enqueue(records.stream()
                        .map(target -> KafkaMailQueue.record(target.topic(), target.record())).toList()),
                new MasterUser(settings.masterUser(), settings.masterSecret().orElse("")), mailAuthentication.checkOrNone(),
                queueId -> MessageTrace.start(tracer, "smtp.accept", SpanKind.SERVER, queueId, null));
        LineMetrics lineMetrics = new LineMetrics(registry, "smtp");
        protocol.measure(lineMetrics);
        MessageMemory messageMemory = new MessageMemory(settings.maxMessageBytesInFlight());
        registry.gauge("mail.smtp.message.bytes.held", messageMemory, MessageMemory::used);
        SmtpLineSession.Limits limits = new SmtpLineSession.Limits(settings.maxCommandLine(), settings.maxAuthLine(),
                settings.commandTimeout(), settings.dataTimeout(), settings.maxMessageSize());
        server = new LineServer(vertx, "smtp", LineServer.keystore(settings.tlsKeystore(), settings.tlsKeystorePassword()),
                new ServerLimits(settings.maxConnectionsPerClient(), settings.maxConnections(),
                        Math.max(settings.maxAuthLine(), settings.maxCommandLine()) * 4 + 64 * 1024,
                        ClientNetworks.of(trustedNetworks.orElse(""), proxyListeners.orElse(""), proxySources.orElse(""))));
        server.measure(lineMetrics);
        server.watchKeystore(settings.tlsReloadPeriod());
        if (!server.tlsAvailable()) {
            LOG.warn("no TLS key store (MAIL_TLS_KEYSTORE): STARTTLS and SMTPS are off, AUTH is not offered");
        }
        SessionFactory sessions = new SessionFactory() {
            @Override
            public LineSession open(ConnectionInfo connection) {
                Listener listener = Listener.valueOf(connection.listener().toUpperCase(Locale.ROOT));
                SmtpSession session = new SmtpSession(listener, connection.clientAddress(), connection.loopback(),
                        connection.implicitTls(), connection.tlsAvailable(), connection.sessionId());
                return new SmtpLineSession(session, protocol, limits, messageMemory);
            }

            @Override
            public byte[] refusal(ConnectionGate.Refusal why) {
                return SmtpReply.of(421, "4.7.0", why == ConnectionGate.Refusal.CLIENT_LIMIT
                        ? "Too many connections from your address, try later"
                        : hostname + " has too many connections, try later").toWire(false);
            }
        };
        server.listen(spec(Listener.MX, settings.mxPort()), sessions);
        server.listen(spec(Listener.SUBMISSION, settings.submissionPort()), sessions);
        if (server.tlsAvailable()) {
            server.listen(spec(Listener.SMTPS, settings.smtpsPort()), sessions);
        }
        ready = true;
    }

    private ListenerSpec spec(Listener listener, int port) {
        return new ListenerSpec(listener.name().toLowerCase(Locale.ROOT), settings.bindAddress(), port, listener.implicitTls());
    }

    public boolean ready() {
        return ready;
    }

    /** The port a listener actually bound (tests use port 0). */
    public int port(Listener listener) {
        return server == null ? -1 : server.port(listener.name().toLowerCase(Locale.ROOT));
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
    }
}

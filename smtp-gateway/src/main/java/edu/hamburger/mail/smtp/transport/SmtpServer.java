package edu.hamburger.mail.smtp.transport;

import edu.hamburger.mail.core.smtp.SmtpReply;
import edu.hamburger.mail.mailbox.client.MailboxAccounts;
import edu.hamburger.mail.smtp.SmtpSettings;
import edu.hamburger.mail.smtp.port.KafkaMailQueue;
import edu.hamburger.mail.smtp.protocol.Listener;
import edu.hamburger.mail.smtp.protocol.SmtpPolicy;
import edu.hamburger.mail.smtp.protocol.SmtpProtocol;
import edu.hamburger.mail.smtp.protocol.SmtpSession;
import edu.hamburger.mail.core.net.ClientAddress;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PfxOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Starts the three SMTP listeners (MX, submission, SMTPS) on Vert.x and wires the protocol to its
 * ports: recipient lookup and passwords through mailbox-service, the queue through Kafka.
 */
@ApplicationScoped
public class SmtpServer {

    private static final Logger LOG = Logger.getLogger(SmtpServer.class);

    @Inject
    Vertx vertx;

    @Inject
    SmtpSettings settings;

    @Inject
    MailboxAccounts accounts;

    @Inject
    KafkaMailQueue queue;

    @ConfigProperty(name = "mail.domain")
    String domain;

    private final List<NetServer> servers = new ArrayList<>();
    private final AtomicLong sessions = new AtomicLong();
    private SmtpProtocol protocol;
    private ConnectionLimiter limiter;
    private SmtpConnection.Limits limits;
    private volatile boolean ready;

    void start(@Observes StartupEvent event) throws Exception {
        String hostname = settings.hostname().orElse(domain);
        SmtpPolicy policy = new SmtpPolicy(hostname, domain, settings.maxMessageSize(), settings.maxRecipients(),
                settings.maxErrors(), settings.maxCommandsBeforeMail(), settings.maxAuthFailures(),
                settings.allowPlaintextAuthOnLoopback());
        protocol = new SmtpProtocol(policy, accounts::recipient, accounts::authenticate,
                records -> queue.enqueue(records.stream()
                        .map(target -> KafkaMailQueue.record(target.topic(), target.record())).toList()));
        limiter = new ConnectionLimiter(settings.maxConnectionsPerClient());
        limits = new SmtpConnection.Limits(settings.maxCommandLine(), settings.maxAuthLine(), settings.commandTimeout(),
                settings.dataTimeout(), settings.maxMessageSize());
        PfxOptions keystore = settings.tlsKeystore().filter(path -> !path.isBlank())
                .map(path -> new PfxOptions().setPath(path).setPassword(settings.tlsKeystorePassword().orElse("")))
                .orElse(null);
        if (keystore == null) {
            LOG.warn("no TLS key store (MAIL_TLS_KEYSTORE): STARTTLS and SMTPS are off, AUTH is not offered");
        }
        listen(Listener.MX, settings.mxPort(), keystore);
        listen(Listener.SUBMISSION, settings.submissionPort(), keystore);
        if (keystore != null) {
            listen(Listener.SMTPS, settings.smtpsPort(), keystore);
        }
        ready = true;
    }

    private void listen(Listener listener, int port, PfxOptions keystore) throws Exception {
        NetServerOptions options = new NetServerOptions().setHost(settings.bindAddress()).setPort(port)
                .setTcpNoDelay(true).setIdleTimeout(0);
        if (keystore != null) {
            options.setKeyCertOptions(keystore);
            options.setSsl(listener.implicitTls());
        }
        NetServer server = vertx.createNetServer(options);
        server.connectHandler(socket -> accept(listener, socket, keystore != null));
        server.listen().toCompletionStage().toCompletableFuture().get();
        servers.add(server);
        LOG.infof("SMTP %s listening on %s:%d", listener, settings.bindAddress(), server.actualPort());
    }

    private void accept(Listener listener, NetSocket socket, boolean tlsAvailable) {
        String client = socket.remoteAddress().hostAddress();
        if (!limiter.acquire(client)) {
            SmtpConnection.refuse(socket, SmtpReply.of(421, "4.7.0", "Too many connections from your address, try later"));
            return;
        }
        SmtpSession session = new SmtpSession(listener, client, ClientAddress.isLoopback(client), listener.implicitTls(), tlsAvailable,
                "smtp-" + sessions.incrementAndGet());
        new SmtpConnection(vertx, socket, session, protocol, limits, () -> limiter.release(client)).start();
    }

    public boolean ready() {
        return ready;
    }

    /** The port a listener actually bound (tests use port 0). */
    public int port(Listener listener) {
        int index = listener.ordinal();
        return index < servers.size() ? servers.get(index).actualPort() : -1;
    }

    void stop(@Observes ShutdownEvent event) {
        servers.forEach(server -> server.close().toCompletionStage().toCompletableFuture().join());
    }
}

package edu.hamburger.mail.imap.transport;

import edu.hamburger.mail.core.net.ClientAddress;
import edu.hamburger.mail.imap.ImapSettings;
import edu.hamburger.mail.imap.port.ApiMailboxPort;
import edu.hamburger.mail.imap.port.ChangeFeed;
import edu.hamburger.mail.imap.protocol.ImapProtocol;
import edu.hamburger.mail.imap.protocol.ImapSession;
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
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Starts the IMAP (STARTTLS) and IMAPS listeners and wires the protocol to the store and the change feed. */
@ApplicationScoped
public class ImapServer {

    private static final Logger LOG = Logger.getLogger(ImapServer.class);

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

    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong sessions = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private ImapProtocol protocol;
    private ImapConnection.Limits limits;
    private NetServer plain;
    private NetServer implicitTls;
    private volatile boolean ready;

    void start(@Observes StartupEvent event) throws Exception {
        protocol = new ImapProtocol(new ImapProtocol.Policy(settings.hostname().orElse(domain), settings.allowPlaintextAuthOnLoopback(),
                settings.maxAuthFailures(), settings.failedLoginDelay(), settings.appendLimit(), settings.cacheBytes()), store);
        limits = new ImapConnection.Limits(settings.maxLine(), settings.maxCommand(), settings.maxLiteralBeforeLogin(),
                settings.appendLimit(), settings.idleTimeout(), settings.loginTimeout());
        PfxOptions keystore = settings.tlsKeystore().filter(p -> !p.isBlank())
                .map(p -> new PfxOptions().setPath(p).setPassword(settings.tlsKeystorePassword().orElse(""))).orElse(null);
        plain = listen(settings.port(), keystore, false);
        if (keystore != null) {
            implicitTls = listen(settings.tlsPort(), keystore, true);
        } else {
            LOG.warn("no TLS key store (MAIL_TLS_KEYSTORE): no STARTTLS, no IMAPS, and logins only on loopback in dev");
        }
        ready = true;
    }

    private NetServer listen(int port, PfxOptions keystore, boolean tls) throws Exception {
        NetServerOptions options = new NetServerOptions().setHost(settings.bindAddress()).setPort(port).setTcpNoDelay(true);
        if (keystore != null) {
            options.setKeyCertOptions(keystore).setSsl(tls);
        }
        NetServer server = vertx.createNetServer(options);
        server.connectHandler(socket -> accept(socket, tls, keystore != null));
        server.listen().toCompletionStage().toCompletableFuture().get();
        LOG.infof("IMAP%s listening on %s:%d", tls ? "S" : "", settings.bindAddress(), server.actualPort());
        return server;
    }

    private void accept(NetSocket socket, boolean tls, boolean tlsAvailable) {
        String client = socket.remoteAddress().hostAddress();
        ImapSession session = new ImapSession("imap-" + instance + "-" + sessions.incrementAndGet(), client,
                ClientAddress.isLoopback(client), tls, tlsAvailable);
        open.incrementAndGet();
        new ImapConnection(vertx, socket, session, protocol, feed, limits, open::decrementAndGet).start();
    }

    public boolean ready() {
        return ready;
    }

    public int port(boolean tls) {
        NetServer server = tls ? implicitTls : plain;
        return server == null ? -1 : server.actualPort();
    }

    public int openConnections() {
        return open.get();
    }

    void stop(@Observes ShutdownEvent event) {
        if (plain != null) {
            plain.close();
        }
        if (implicitTls != null) {
            implicitTls.close();
        }
    }
}

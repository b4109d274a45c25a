package edu.hamburger.mail.pop3.transport;

import edu.hamburger.mail.pop3.Pop3Settings;
import edu.hamburger.mail.pop3.port.ApiMaildrops;
import edu.hamburger.mail.pop3.protocol.Pop3Protocol;
import edu.hamburger.mail.pop3.protocol.Pop3Session;
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
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Starts the POP3 (STLS) and POP3S listeners and wires the protocol to the maildrop port. */
@ApplicationScoped
public class Pop3Server {

    private static final Logger LOG = Logger.getLogger(Pop3Server.class);

    @Inject
    Vertx vertx;

    @Inject
    Pop3Settings settings;

    @Inject
    ApiMaildrops maildrops;

    @ConfigProperty(name = "mail.domain")
    String domain;

    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong sessions = new AtomicLong();
    private Pop3Protocol protocol;
    private Pop3Connection.Limits limits;
    private NetServer plain;
    private NetServer implicitTls;
    private volatile boolean ready;

    void start(@Observes StartupEvent event) throws Exception {
        protocol = new Pop3Protocol(new Pop3Protocol.Policy(settings.hostname().orElse(domain),
                settings.allowPlaintextAuthOnLoopback(), settings.maxAuthFailures(), settings.failedLoginDelay()), maildrops);
        limits = new Pop3Connection.Limits(settings.maxCommandLine(), settings.maxAuthLine(), settings.idleTimeout(),
                Duration.ofMillis(Math.max(1000, settings.leaseDuration().toMillis() / 3)));
        PfxOptions keystore = settings.tlsKeystore().filter(p -> !p.isBlank())
                .map(p -> new PfxOptions().setPath(p).setPassword(settings.tlsKeystorePassword().orElse(""))).orElse(null);
        plain = listen(settings.port(), keystore, false);
        if (keystore != null) {
            implicitTls = listen(settings.tlsPort(), keystore, true);
        } else {
            LOG.warn("no TLS key store (MAIL_TLS_KEYSTORE): no STLS, no POP3S, and logins only on loopback in dev");
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
        LOG.infof("POP3%s listening on %s:%d", tls ? "S" : "", settings.bindAddress(), server.actualPort());
        return server;
    }

    private void accept(NetSocket socket, boolean tls, boolean tlsAvailable) {
        String client = socket.remoteAddress().hostAddress();
        Pop3Session session = new Pop3Session(client, ClientAddress.isLoopback(client), tls, tlsAvailable,
                "pop3-" + instance + "-" + sessions.incrementAndGet());
        new Pop3Connection(vertx, socket, session, protocol, limits, () -> { }).start();
    }

    public boolean ready() {
        return ready;
    }

    public int port(boolean tls) {
        NetServer server = tls ? implicitTls : plain;
        return server == null ? -1 : server.actualPort();
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

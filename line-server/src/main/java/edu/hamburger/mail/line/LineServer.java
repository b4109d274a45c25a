package edu.hamburger.mail.line;

import edu.hamburger.mail.core.net.ClientAddress;
import edu.hamburger.mail.core.net.IpNetworks;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.SSLOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The listeners of one protocol server (SMTP's three, IMAP's two, POP3's two): binds each port on
 * Vert.x, with TLS from the first byte or STARTTLS-ready when a key store is given, applies the
 * connection caps to every listener alike, and runs each accepted socket as a {@link LineConnection}.
 */
public final class LineServer {

    private static final Logger LOG = Logger.getLogger(LineServer.class);

    private final Vertx vertx;
    private final String protocol;
    private final Optional<PfxOptions> keystore;
    private final ServerLimits limits;
    private final ConnectionGate gate;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong sessions = new AtomicLong();
    private final Map<String, NetServer> listening = new LinkedHashMap<>();
    private volatile byte[] keystoreDigest;
    private volatile byte[] refusedDigest; // said once, not every period
    private final AtomicLong keystoreReloads = new AtomicLong();
    private final AtomicLong keystoreRefusals = new AtomicLong();
    private volatile LineMetrics metrics = LineMetrics.NONE;
    /** When the certificate in use expires, seconds since the epoch; NaN when there is none or it cannot be read. */
    private volatile double certificateNotAfter = Double.NaN;
    private long keystoreTimer = -1;

    /**
     * @param protocol a short lower-case name for logs and session ids ("smtp", "imap", "pop3")
     */
    public LineServer(Vertx vertx, String protocol, Optional<PfxOptions> keystore, ServerLimits limits) {
        this.vertx = vertx;
        this.protocol = protocol;
        this.keystore = keystore;
        this.limits = limits;
        this.gate = new ConnectionGate(limits.maxConnectionsPerClient(), limits.maxConnections(), limits.networks().trusted());
    }

    /** The key store from a path and password setting; empty when no path is set. */
    public static Optional<PfxOptions> keystore(Optional<String> path, Optional<String> password) {
        return path.filter(p -> !p.isBlank()).map(p -> new PfxOptions().setPath(p).setPassword(password.orElse("")));
    }

    /** Counts sessions, TLS and bytes per listener from now on (set before {@link #listen}). */
    public void measure(LineMetrics lineMetrics) {
        this.metrics = lineMetrics;
        if (keystore.isPresent() && keystore.get().getPath() != null) {
            try {
                certificateNotAfter = firstCertificate(Files.readAllBytes(Path.of(keystore.get().getPath())), keystore.get().getPassword())
                        .getNotAfter().toInstant().getEpochSecond();
            } catch (Exception e) {
                LOG.debugf("%s: the certificate's expiry is not known: %s", protocol, e.toString());
            }
        }
        lineMetrics.certificateExpiry(() -> certificateNotAfter);
    }

    public boolean tlsAvailable() {
        return keystore.isPresent();
    }

    /** Binds the listener and waits until it listens. An implicit-TLS listener needs a key store. */
    public synchronized void listen(ListenerSpec spec, SessionFactory sessions) throws Exception {
        if (spec.implicitTls() && keystore.isEmpty()) {
            throw new IllegalStateException(spec.name() + " needs a TLS key store");
        }
        NetServerOptions options = new NetServerOptions().setHost(spec.bindAddress()).setPort(spec.port())
                .setTcpNoDelay(true).setIdleTimeout(0);
        keystore.ifPresent(pfx -> options.setKeyCertOptions(pfx).setSsl(spec.implicitTls()));
        IpNetworks proxySources = limits.networks().proxySourcesFor(spec.name());
        if (!proxySources.isEmpty()) {
            options.setUseProxyProtocol(true).setProxyProtocolTimeout(10).setProxyProtocolTimeoutUnit(TimeUnit.SECONDS);
        }
        NetServer server = vertx.createNetServer(options);
        server.connectHandler(socket -> accept(spec, proxySources, socket, sessions));
        server.listen().toCompletionStage().toCompletableFuture().get();
        listening.put(spec.name(), server);
        LOG.infof("%s %s listening on %s:%d%s", protocol.toUpperCase(), spec.name(), spec.bindAddress(), server.actualPort(),
                proxySources.isEmpty() ? "" : ", PROXY protocol from " + proxySources);
    }

    private void accept(ListenerSpec spec, IpNetworks proxySources, NetSocket socket, SessionFactory sessions) {
        if (!proxySources.isEmpty()) {
            // Vert.x has read the header; the peer that sent it must be one of the configured proxies
            String peer = socket.remoteAddress(true).hostAddress();
            if (!proxySources.contains(peer)) {
                LOG.warnf("%s %s: closed a connection from %s, which is not a configured PROXY protocol source",
                        protocol, spec.name(), peer);
                socket.close();
                return;
            }
        }
        String client = socket.remoteAddress().hostAddress();
        ConnectionGate.Refusal refusal = gate.acquire(client);
        if (refusal != null) {
            LOG.debugf("%s %s: refused %s (%s)", protocol, spec.name(), client, refusal);
            socket.write(Buffer.buffer(sessions.refusal(refusal))).onComplete(v -> socket.close());
            return;
        }
        ConnectionInfo info = new ConnectionInfo(spec.name(), protocol + "-" + instance + "-" + this.sessions.incrementAndGet(),
                client, ClientAddress.isLoopback(client), spec.implicitTls(), keystore.isPresent());
        LineSession session;
        try {
            session = sessions.open(info);
        } catch (RuntimeException e) {
            gate.release(client);
            LOG.errorf(e, "%s: could not open a session", info.sessionId());
            socket.close();
            return;
        }
        Context context = vertx.getOrCreateContext();
        LineMetrics.Listener meters = metrics.listener(spec.name());
        if (meters != null) {
            meters.sessions.increment();
            meters.open.incrementAndGet();
            if (spec.implicitTls()) {
                meters.implicitTls.increment();
            }
        }
        NetSocketTransport transport = new NetSocketTransport(vertx, context, socket, meters);
        LineConnection connection = new LineConnection(transport, session, limits.maxBufferedInput(), () -> {
            gate.release(client);
            if (meters != null) {
                meters.open.decrementAndGet();
            }
        });
        transport.attach(connection);
        connection.start();
    }

    /**
     * Reads the key store file again every {@code period}; when its bytes changed (cert-manager
     * renewed the secret, an operator replaced the file) and the new one loads with the same
     * password, every listener uses it for the handshakes that follow, implicit TLS and STARTTLS
     * alike. Connections already in TLS keep theirs. A file that does not load (written half-way)
     * is logged and tried again next time; the key store in use stays.
     */
    public synchronized void watchKeystore(Duration period) {
        if (keystore.isEmpty() || keystore.get().getPath() == null || period.isZero() || period.isNegative() || keystoreTimer >= 0) {
            return;
        }
        String path = keystore.get().getPath();
        String password = keystore.get().getPassword();
        try {
            keystoreDigest = sha256(Files.readAllBytes(Path.of(path)));
        } catch (IOException e) {
            LOG.warnf("%s: cannot read the TLS key store %s: %s", protocol, path, e.toString());
        }
        keystoreTimer = vertx.setPeriodic(period.toMillis(), id -> vertx.executeBlocking(() -> {
            reloadIfChanged(path, password);
            return null;
        }, false));
    }

    /** How many changed key stores were refused because they did not load. */
    public long keystoreRefusals() {
        return keystoreRefusals.get();
    }

    /** How many times a changed key store was taken into use. */
    public long keystoreReloads() {
        return keystoreReloads.get();
    }

    private void reloadIfChanged(String path, String password) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            LOG.warnf("%s: cannot read the TLS key store %s (keeping the one in use): %s", protocol, path, e.toString());
            return;
        }
        byte[] digest = sha256(bytes);
        if (Arrays.equals(digest, keystoreDigest) || Arrays.equals(digest, refusedDigest)) {
            return;
        }
        X509Certificate certificate;
        try {
            certificate = firstCertificate(bytes, password);
        } catch (Exception e) {
            refusedDigest = digest;
            keystoreRefusals.incrementAndGet();
            LOG.warnf("%s: the TLS key store %s changed but does not load (keeping the one in use): %s", protocol, path, e.toString());
            return;
        }
        SSLOptions renewed = new SSLOptions().setKeyCertOptions(new PfxOptions().setValue(Buffer.buffer(bytes)).setPassword(password));
        try {
            for (NetServer server : servers()) {
                server.updateSSLOptions(renewed, true).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.errorf(e, "%s: taking the renewed TLS key store %s into use failed; trying again later", protocol, path);
            return;
        }
        keystoreDigest = digest;
        keystoreReloads.incrementAndGet();
        if (certificate != null) {
            certificateNotAfter = certificate.getNotAfter().toInstant().getEpochSecond();
        }
        LOG.infof("%s: TLS key store %s reloaded: %s, valid until %s", protocol, path,
                certificate == null ? "no certificate" : certificate.getSubjectX500Principal().getName(),
                certificate == null ? "-" : certificate.getNotAfter().toInstant());
    }

    private synchronized List<NetServer> servers() {
        return Collections.unmodifiableList(new ArrayList<>(listening.values()));
    }

    private static X509Certificate firstCertificate(byte[] pkcs12, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(pkcs12), password == null ? new char[0] : password.toCharArray());
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias) && store.getCertificate(alias) instanceof X509Certificate certificate) {
                return certificate;
            }
        }
        throw new IllegalArgumentException("no private key with a certificate in it");
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The port a listener bound (tests bind port 0), or -1 when it does not exist. */
    public synchronized int port(String listener) {
        NetServer server = listening.get(listener);
        return server == null ? -1 : server.actualPort();
    }

    public int openConnections() {
        return gate.open();
    }

    public synchronized void close() {
        if (keystoreTimer >= 0) {
            vertx.cancelTimer(keystoreTimer);
            keystoreTimer = -1;
        }
        listening.values().forEach(server -> server.close().toCompletionStage().toCompletableFuture().join());
        listening.clear();
    }
}

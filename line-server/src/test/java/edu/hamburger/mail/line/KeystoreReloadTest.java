package edu.hamburger.mail.line;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import edu.hamburger.mail.line.testing.LineSessions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A renewed certificate without a restart: the key store file is replaced the way Kubernetes
 * swaps a mounted secret (a new file moved over the old); new connections, by implicit TLS and by
 * STARTTLS, get the new certificate, and a connection already in TLS goes on with its own.
 */
class KeystoreReloadTest {

    private static final String PASSWORD = "reload-test-pw";

    @TempDir
    static Path dir;

    private Vertx vertx;
    private LineServer server;
    private Path keystore;
    private SimpleMeterRegistry registry;

    private static Path makeKeystore(String name, String cn) throws Exception {
        return makeKeystore(name, cn, 30);
    }

    private static Path makeKeystore(String name, String cn, int validityDays) throws Exception {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-noprompt", "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD,
                    "-keypass", PASSWORD, "-alias", "gateway", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", Integer.toString(validityDays),
                    "-dname", "CN=" + cn).redirectErrorStream(true).start();
            keytool.getInputStream().readAllBytes();
            assertEquals(true, keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool made " + name);
        }
        return file;
    }

    @BeforeEach
    void start() throws Exception {
        keystore = dir.resolve("gateway.p12");
        Files.copy(makeKeystore("first.p12", "first.test"), keystore, StandardCopyOption.REPLACE_EXISTING);
        vertx = Vertx.vertx();
        server = new LineServer(vertx, "test", LineServer.keystore(Optional.of(keystore.toString()), Optional.of(PASSWORD)),
                new ServerLimits(10, 100, 4096));
        registry = new SimpleMeterRegistry();
        server.measure(new LineMetrics(registry, "test"));
        server.listen(new ListenerSpec("tls", "127.0.0.1", 0, true), sessions());
        server.listen(new ListenerSpec("plain", "127.0.0.1", 0, false), sessions());
        server.watchKeystore(Duration.ofMillis(200));
    }

    @AfterEach
    void stop() {
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** As a mounted secret changes: the new file written beside the old, then moved over it. */
    private void replaceKeystore(byte[] content) throws Exception {
        Path next = dir.resolve("gateway.p12.next");
        Files.write(next, content);
        Files.move(next, keystore, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void newConnectionsGetTheRenewedCertificateAndOpenOnesContinue() throws Exception {
        try (SSLSocket held = implicitTls()) {
            BufferedReader heldIn = reader(held);
            assertEquals("hello", heldIn.readLine());
            assertEquals("CN=first.test", subject(held));

            replaceKeystore(Files.readAllBytes(makeKeystore("second.p12", "second.test")));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.keystoreReloads() == 1);

            try (SSLSocket fresh = implicitTls()) {
                assertEquals("CN=second.test", subject(fresh), "implicit TLS");
            }
            assertEquals("CN=second.test", startTlsSubject(), "STARTTLS");
            send(held, "ping");
            assertEquals("echo ping", heldIn.readLine(), "the connection opened before goes on");
            assertEquals("CN=first.test", subject(held));
        }
    }

    @Test
    void aKeystoreThatDoesNotLoadIsNotTakenIntoUse() throws Exception {
        replaceKeystore("half written".getBytes(StandardCharsets.US_ASCII));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.keystoreRefusals() == 1);
        assertEquals(0, server.keystoreReloads());
        try (SSLSocket fresh = implicitTls()) {
            assertEquals("CN=first.test", subject(fresh), "the key store in use stays");
        }
        replaceKeystore(Files.readAllBytes(makeKeystore("second.p12", "second.test")));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.keystoreReloads() == 1);
        try (SSLSocket fresh = implicitTls()) {
            assertEquals("CN=second.test", subject(fresh), "the whole file, once it is there");
        }
    }

    /**
     * What the operator's dashboard reads: sessions per listener (open and in all), how they
     * used TLS, the octets both ways, and when the certificate in use expires, following a reload.
     */
    @Test
    void sessionsTlsTrafficAndTheCertificatesExpiryAreMeasured() throws Exception {
        X509Certificate first = certificate(makeKeystore("first.p12", "first.test"));
        assertEquals(first.getNotAfter().toInstant().getEpochSecond(), gauge("mail.tls.certificate.expiry", null), 0.0);
        try (SSLSocket tls = implicitTls()) {
            BufferedReader in = reader(tls);
            assertEquals("hello", in.readLine());
            send(tls, "ping");
            assertEquals("echo ping", in.readLine());
            assertEquals(1.0, gauge("mail.sessions.open", "tls"));
            assertEquals("CN=first.test", startTlsSubject());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge("mail.sessions.open", "tls") == 0.0 && gauge("mail.sessions.open", "plain") == 0.0);
        assertEquals(1.0, counter("mail.sessions", "tls", null));
        assertEquals(1.0, counter("mail.sessions", "plain", null));
        assertEquals(1.0, counter("mail.tls.sessions", "tls", "implicit"));
        assertEquals(0.0, counter("mail.tls.sessions", "plain", "implicit"));
        assertEquals(1.0, counter("mail.tls.sessions", "plain", "starttls"));
        // "ping\r\n" in; "hello\r\n" and "echo ping\r\n" out (the plain text of the TLS session)
        assertEquals(6.0, counter("mail.network.received", "tls", null));
        assertEquals(18.0, counter("mail.network.sent", "tls", null));

        X509Certificate second = certificate(makeKeystore("second-expiry.p12", "second.test", 90));
        replaceKeystore(Files.readAllBytes(makeKeystore("second-expiry.p12", "second.test", 90)));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.keystoreReloads() == 1);
        assertEquals(second.getNotAfter().toInstant().getEpochSecond(), gauge("mail.tls.certificate.expiry", null), 0.0);
    }

    private double gauge(String name, String listener) {
        var search = registry.get(name).tag("protocol", "test");
        return (listener == null ? search : search.tag("listener", listener)).gauge().value();
    }

    private double counter(String name, String listener, String mode) {
        var search = registry.get(name).tag("protocol", "test").tag("listener", listener);
        return (mode == null ? search : search.tag("mode", mode)).counter().count();
    }

    private static X509Certificate certificate(Path file) throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return (X509Certificate) store.getCertificate("gateway");
    }

    // ---- a client that reads certificates without trusting them ----

    private static SSLContext readingOnly() throws Exception {
        TrustManager any = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {any}, new SecureRandom());
        return context;
    }

    private SSLSocket implicitTls() throws Exception {
        SSLSocket socket = (SSLSocket) readingOnly().getSocketFactory().createSocket("127.0.0.1", server.port("tls"));
        socket.setSoTimeout(5000);
        socket.startHandshake();
        return socket;
    }

    private String startTlsSubject() throws Exception {
        try (Socket plain = new Socket("127.0.0.1", server.port("plain"))) {
            plain.setSoTimeout(5000);
            BufferedReader in = reader(plain);
            assertEquals("hello", in.readLine());
            send(plain, "STARTTLS");
            assertEquals("go ahead", in.readLine());
            try (SSLSocket secure = (SSLSocket) readingOnly().getSocketFactory().createSocket(plain, "127.0.0.1", plain.getPort(), true)) {
                secure.startHandshake();
                return subject(secure);
            }
        }
    }

    private static String subject(SSLSocket socket) throws Exception {
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }

    private static BufferedReader reader(Socket socket) throws Exception {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static void send(Socket socket, String line) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Greets, echoes each line, and starts TLS on "STARTTLS". */
    private static SessionFactory sessions() {
        return LineSessions.of(connection -> "hello", (wire, line) -> {
            if (line.equals("STARTTLS")) {
                LineSessions.write(wire, "go ahead");
                return Step.START_TLS;
            }
            LineSessions.write(wire, "echo " + line);
            return Step.CONTINUE;
        });
    }
}

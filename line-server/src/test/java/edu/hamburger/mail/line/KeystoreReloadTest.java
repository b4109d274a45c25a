package edu.hamburger.mail.line;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import edu.hamburger.mail.line.testing.LineSessions;
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

    private static Path makeKeystore(String name, String cn) throws Exception {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-noprompt", "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD,
                    "-keypass", PASSWORD, "-alias", "gateway", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
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

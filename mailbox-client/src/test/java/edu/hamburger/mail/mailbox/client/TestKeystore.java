package edu.hamburger.mail.mailbox.client;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A self-signed key for localhost, made with the JDK's keytool, as the gateway's TLS key store;
 * its certificate (PEM) is what the test clients trust. Shared by the gateways' tests.
 */
public class TestKeystore implements QuarkusTestResourceLifecycleManager {

    public static final String PASSWORD = "test-keystore-pw";
    public static final Path DIR = Path.of("target", "test-tls").toAbsolutePath();
    public static final Path KEYSTORE = DIR.resolve("gateway.p12");
    public static final Path CERTIFICATE = DIR.resolve("gateway.pem");

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(DIR);
            if (!Files.exists(KEYSTORE) || !Files.exists(CERTIFICATE)) {
                Files.deleteIfExists(KEYSTORE);
                String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
                run(List.of(keytool, "-genkeypair", "-noprompt", "-keystore", KEYSTORE.toString(), "-storetype", "PKCS12",
                        "-storepass", PASSWORD, "-keypass", PASSWORD, "-alias", "gateway", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-validity", "30", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1"));
                run(List.of(keytool, "-exportcert", "-rfc", "-keystore", KEYSTORE.toString(), "-storetype", "PKCS12",
                        "-storepass", PASSWORD, "-alias", "gateway", "-file", CERTIFICATE.toString()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not make the test key store", e);
        }
        return Map.of("mail.smtp.tls-keystore", KEYSTORE.toString(), "mail.smtp.tls-keystore-password", PASSWORD,
                "mail.pop3.tls-keystore", KEYSTORE.toString(), "mail.pop3.tls-keystore-password", PASSWORD,
                "mail.imap.tls-keystore", KEYSTORE.toString(), "mail.imap.tls-keystore-password", PASSWORD);
    }

    /** A TLS context for test clients that trusts only the test certificate. */
    public static javax.net.ssl.SSLContext clientContext() throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (java.io.FileInputStream pem = new java.io.FileInputStream(CERTIFICATE.toFile())) {
            trust.setCertificateEntry("gateway", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static void run(List<String> command) throws IOException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void stop() {
    }
}

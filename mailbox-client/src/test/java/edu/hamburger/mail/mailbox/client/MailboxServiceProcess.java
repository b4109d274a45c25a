package edu.hamburger.mail.mailbox.client;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The real mailbox-service, started from its built jar as its own process, for the gateways'
 * tests: a message sent to a gateway must end up in a real mailbox. It takes PostgreSQL and Kafka
 * from the same environment as the tests (deploy/local/test sets it) and seeds alice and bob in
 * example.test with the password "secret".
 */
public class MailboxServiceProcess implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "gateway-test-internal-token";
    public static final String ADMIN_TOKEN = "gateway-test-admin-token-x";
    public static final String DOMAIN = "example.test";
    public static final String PASSWORD = "secret";
    private static volatile String url;

    private Process process;

    /** Base URL of the running service (for tests that look into mailboxes). */
    public static String url() {
        return url;
    }

    @Override
    public Map<String, String> start() {
        Path jar = Path.of("..", "mailbox-service", "target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("mailbox-service is not built (" + jar + "): build the reactor, e.g. deploy/local/test");
        }
        for (String required : new String[] {"KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL"}) {
            if (System.getenv(required) == null) {
                throw new IllegalStateException(required + " is not set: run the tests with deploy/local/test");
            }
        }
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("MAIL_DOMAIN", DOMAIN);
        env.put("MAIL_INTERNAL_API_TOKEN", TOKEN);
        env.put("MAIL_ADMIN_API_TOKEN", ADMIN_TOKEN);
        env.put("MAIL_BOOTSTRAP_USERS", "alice,bob");
        env.put("MAIL_BOOTSTRAP_PASSWORD", PASSWORD);
        File log = Path.of("target", "mailbox-service-process.log").toFile();
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start mailbox-service", e);
        }
        url = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mailbox-service exited; see " + log.getAbsolutePath());
            }
            if (ready(url)) {
                return Map.of("mail.mailbox-api.url", url, "mail.internal-api.token", TOKEN, "mail.domain", DOMAIN);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
        throw new IllegalStateException("mailbox-service not ready within 90 s; see " + log.getAbsolutePath());
    }

    private static boolean ready(String base) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(base + "/q/health/ready").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            return connection.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}

package edu.hamburger.mail.mailbox.client;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The real mailbox-service, started from its built jar as its own process, for the gateways'
 * tests: a message sent to a gateway must end up in a real mailbox. It takes PostgreSQL and Kafka
 * from the same environment as the tests (deploy/local/test sets it) and seeds alice and bob in
 * example.test with the password "secret".
 */
public class MailboxServiceProcess implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "gateway-test-internal-token";
    public static final String ADMIN_TOKEN = "gateway-test-admin-token-x";
    /** The DKIM key-encryption key of the test deployment: mailbox-service seals with it, the relay unseals. */
    public static final String DKIM_KEY_ENCRYPTION_KEY = "dGVzdC1vbmx5LWRraW0ta2V5LWVuY3J5cHRpb24tayE=";
    public static final String DOMAIN = "example.test";
    public static final String PASSWORD = "secret";
    private static volatile String url;
    /**
     * The process kept for the next class, as "pid environment url" in a system property: Quarkus
     * loads a test resource anew in each test application's class loader, so a static field would
     * not reach the next class; the JVM's properties and its child processes do.
     */
    private static final String KEPT = "mail.test.mailbox-service-process";

    private String processUrl;
    private final Map<String, String> extraEnvironment = new java.util.HashMap<>(Map.of(
            // tests log in wrongly on purpose, from 127.0.0.1, all in one database: the login policy's
            // limits are raised here so that one test's failures never make another's logins wait.
            // A test of the policy itself sets them back (@ResourceArg, see init).
            "MAIL_AUTH_FAILURES_BEFORE_BACKOFF", "1000",
            "MAIL_AUTH_CLIENT_FAILURE_LIMIT", "100000",
            "MAIL_AUTH_ACCOUNT_FAILURE_LIMIT", "100000"));

    /** Resource arguments are environment variables of the service, overriding the ones above. */
    @Override
    public void init(Map<String, String> initArgs) {
        extraEnvironment.putAll(initArgs);
    }

    /** Base URL of the running service (for tests that look into mailboxes). */
    public static String url() {
        return url;
    }

    @Override
    public Map<String, String> start() {
        for (String required : new String[] {"KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL"}) {
            if (System.getenv(required) == null) {
                throw new IllegalStateException(required + " is not set: run the tests with deploy/local/test");
            }
        }
        Map<String, String> environment = new java.util.HashMap<>();
        environment.put("MAIL_DKIM_KEY_ENCRYPTION_KEY", DKIM_KEY_ENCRYPTION_KEY);
        environment.putAll(extraEnvironment);
        environment.putAll(Map.of(
                "MAIL_DOMAIN", DOMAIN,
                "MAIL_INTERNAL_API_TOKEN", TOKEN,
                "MAIL_ADMIN_API_TOKEN", ADMIN_TOKEN,
                "MAIL_BOOTSTRAP_USERS", "alice,bob",
                "MAIL_BOOTSTRAP_PASSWORD", PASSWORD));
        processUrl = startOrReuse(environment);
        url = processUrl;
        return Map.of("mail.mailbox-api.url", url, "mail.internal-api.token", TOKEN, "mail.domain", DOMAIN,
                "mail.dkim.key-encryption-key", environment.get("MAIL_DKIM_KEY_ENCRYPTION_KEY"));
    }

    /** The URL of a ready process started with this environment: the kept one, or a new one. */
    private static String startOrReuse(Map<String, String> environment) {
        String wanted = Base64.getEncoder().encodeToString(new TreeMap<>(environment).toString().getBytes(StandardCharsets.UTF_8));
        synchronized (System.getProperties()) { // one lock for every class loader's copy of this class
            String[] kept = System.getProperty(KEPT, "").split(" ");
            if (kept.length == 3 && kept[1].equals(wanted) && ServiceJarProcess.ready(kept[2])) {
                return kept[2];
            }
            if (kept.length == 3) {
                stop(Long.parseLong(kept[0]));
            } else {
                Runtime.getRuntime().addShutdownHook(new Thread(MailboxServiceProcess::stopKept, "mailbox-service-process stop"));
            }
            ServiceJarProcess started = ServiceJarProcess.start("mailbox-service", "mailbox-service-process", environment, Duration.ofSeconds(90));
            System.setProperty(KEPT, started.pid() + " " + wanted + " " + started.url());
            return started.url();
        }
    }

    private static void stopKept() {
        String[] kept = System.getProperty(KEPT, "").split(" ");
        if (kept.length == 3) {
            stop(Long.parseLong(kept[0]));
        }
    }

    /** Stops the process another class left, if it still runs. */
    private static void stop(long pid) {
        ProcessHandle.of(pid).ifPresent(ServiceJarProcess::stop);
    }

    /** True while the process runs and answers its readiness check. */
    public boolean ready() {
        return processUrl != null && ServiceJarProcess.ready(processUrl);
    }

    /** Leaves the process to the next class that asks for the same environment (see above). */
    @Override
    public void stop() {
        processUrl = null;
    }
}

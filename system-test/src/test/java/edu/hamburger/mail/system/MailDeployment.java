package edu.hamburger.mail.system;

import edu.hamburger.mail.mailbox.client.KafkaBrokerProcess;
import edu.hamburger.mail.mailbox.client.ServiceJarProcess;
import edu.hamburger.mail.mailbox.client.SmtpGatewayProcess;
import edu.hamburger.mail.mailbox.client.TestKeystore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One whole deployment of the platform for one mail domain, on this machine, without containers:
 * its own Kafka broker (so its own topics), its own PostgreSQL database, and the six services
 * from their built jars on ports of their own. Two of these mail each other through their relays'
 * transport maps, as two organisations' servers would through MX records.
 */
final class MailDeployment implements AutoCloseable {

    static final String PASSWORD = "system-test-pw";
    static final Duration READY = Duration.ofSeconds(240);

    final String domain;
    final String token;
    final int mxPort = ServiceJarProcess.freePort();
    final int submissionPort = ServiceJarProcess.freePort();
    final int imapTlsPort = ServiceJarProcess.freePort();
    final int pop3TlsPort = ServiceJarProcess.freePort();
    private final String database;
    private final List<String> users;
    private Map<String, String> webEnvironment;
    private KafkaBrokerProcess kafka;
    private ServiceJarProcess mailbox;
    private final List<ServiceJarProcess> services = new ArrayList<>();
    private SmtpGatewayProcess smtp;
    private ServiceJarProcess webmail;

    /** The recursive DNS server every service of both deployments asks (the loopback one of the test). */
    static volatile String dnsServers = "";

    /** Where every service of both deployments sends its spans (the test's OTLP receiver); none when null. */
    static volatile String otlpEndpoint;

    MailDeployment(String domain, String database, List<String> users) {
        this.domain = domain;
        this.database = database;
        this.users = users;
        this.token = "system-test-" + domain.replace('.', '-') + "-token";
    }

    /** Kafka and mailbox-service (the others need its API). */
    void startStore() {
        kafka = KafkaBrokerProcess.start("kafka-" + domain);
        String jdbc = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        if (jdbc == null || !jdbc.contains("/mail_test")) {
            throw new IllegalStateException("QUARKUS_DATASOURCE_JDBC_URL is not deploy/local/test's: run the tests with deploy/local/test");
        }
        Map<String, String> environment = common();
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", jdbc.replace("/mail_test", "/" + database));
        environment.put("QUARKUS_DATASOURCE_REACTIVE_URL", System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL").replace("/mail_test", "/" + database));
        environment.put("MAIL_ADMIN_API_TOKEN", token + "-admin");
        environment.put("MAIL_BOOTSTRAP_USERS", String.join(",", users));
        environment.put("MAIL_BOOTSTRAP_PASSWORD", PASSWORD);
        mailbox = ServiceJarProcess.start("mailbox-service", "mailbox-service-" + domain, environment, READY);
    }

    /** The gateways, the relay (delivering other domains as {@code transportMap} says) and the webmail, started together. */
    void startServices(String transportMap) {
        new TestKeystore().start();
        Map<String, String> gateway = common();
        gateway.put("MAIL_MAILBOX_API_URL", mailbox.url());
        gateway.put("MAIL_TLS_KEYSTORE", TestKeystore.KEYSTORE.toString());
        gateway.put("MAIL_TLS_KEYSTORE_PASSWORD", TestKeystore.PASSWORD);

        Map<String, String> relay = new HashMap<>(gateway);
        relay.put("MAIL_ADMIN_API_TOKEN", token + "-admin");
        relay.put("MAIL_RELAY_TRANSPORT_MAP", transportMap);
        relay.put("MAIL_RELAY_HELO_NAME", "mail." + domain);

        Map<String, String> imap = new HashMap<>(gateway);
        imap.put("MAIL_IMAP_BIND_ADDRESS", "127.0.0.1");
        imap.put("MAIL_IMAP_PORT", Integer.toString(ServiceJarProcess.freePort()));
        imap.put("MAIL_IMAP_TLS_PORT", Integer.toString(imapTlsPort));
        imap.put("MAIL_IMAP_MANAGESIEVE_PORT", Integer.toString(ServiceJarProcess.freePort()));

        Map<String, String> pop3 = new HashMap<>(gateway);
        pop3.put("MAIL_POP3_BIND_ADDRESS", "127.0.0.1");
        pop3.put("MAIL_POP3_PORT", Integer.toString(ServiceJarProcess.freePort()));
        pop3.put("MAIL_POP3_TLS_PORT", Integer.toString(pop3TlsPort));

        Map<String, String> web = new HashMap<>(gateway);
        web.put("MAIL_WEBMAIL_SUBMISSION_HOST", "127.0.0.1");
        web.put("MAIL_WEBMAIL_SUBMISSION_PORT", Integer.toString(submissionPort));
        web.put("MAIL_WEBMAIL_SUBMISSION_TRUSTED_CERTIFICATE", TestKeystore.CERTIFICATE.toString());
        web.put("MAIL_WEBMAIL_SUBMISSION_MASTER_SECRET", SmtpGatewayProcess.MASTER_SECRET);
        // one key for every replica of this deployment's webmail, as a Kubernetes Secret gives them
        web.put("MAIL_WEBMAIL_SESSION_KEY", java.util.Base64.getEncoder().encodeToString(
                java.util.Arrays.copyOf((domain + "-webmail-session-key-for-tests").getBytes(java.nio.charset.StandardCharsets.US_ASCII), 32)));
        webEnvironment = web;

        Map<String, String> smtpPorts = new HashMap<>(gateway);
        smtpPorts.put("MAIL_SMTP_MX_PORT", Integer.toString(mxPort));
        smtpPorts.put("MAIL_SMTP_SUBMISSION_PORT", Integer.toString(submissionPort));

        // started side by side: each start mostly waits (JIT, Kafka group joins), so together is faster
        ExecutorService starting = Executors.newFixedThreadPool(5);
        try {
            var smtpStarting = CompletableFuture.supplyAsync(() -> SmtpGatewayProcess.start(domain, mailbox.url(), token, smtpPorts), starting);
            var relayStarting = CompletableFuture.supplyAsync(
                    () -> ServiceJarProcess.start("queue-relay", "queue-relay-" + domain, relay, READY), starting);
            var imapStarting = CompletableFuture.supplyAsync(
                    () -> ServiceJarProcess.start("imap-gateway", "imap-gateway-" + domain, imap, READY), starting);
            var pop3Starting = CompletableFuture.supplyAsync(
                    () -> ServiceJarProcess.start("pop3-gateway", "pop3-gateway-" + domain, pop3, READY), starting);
            var webStarting = CompletableFuture.supplyAsync(
                    () -> ServiceJarProcess.start("webmail-api", "webmail-api-" + domain, web, READY), starting);
            smtp = smtpStarting.join();
            services.add(relayStarting.join());
            services.add(imapStarting.join());
            services.add(pop3Starting.join());
            webmail = webStarting.join();
            services.add(webmail);
        } finally {
            starting.shutdown();
        }
    }

    String webmailUrl() {
        return webmail.url();
    }

    /** Another replica of this deployment's webmail (same settings and session key); stopped with the rest. */
    ServiceJarProcess startWebmailReplica() {
        ServiceJarProcess replica = ServiceJarProcess.start("webmail-api", "webmail-api-" + domain + "-2", webEnvironment, READY);
        services.add(replica);
        return replica;
    }

    String mailboxUrl() {
        return mailbox.url();
    }

    String serviceToken() {
        return token;
    }

    String adminToken() {
        return token + "-admin";
    }

    String address(String user) {
        return user + "@" + domain;
    }

    private Map<String, String> common() {
        Map<String, String> environment = new HashMap<>();
        environment.put("MAIL_DOMAIN", domain);
        environment.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrap());
        environment.put("MAIL_INTERNAL_API_TOKEN", token);
        environment.put("MAIL_DNS_SERVERS", dnsServers);
        if (otlpEndpoint != null) {
            environment.put("MAIL_OTLP_ENDPOINT", otlpEndpoint);
            environment.put("MAIL_OTLP_PROTOCOL", "http/protobuf");
            environment.put("MAIL_OTLP_EXPORT_DELAY", "200ms");
        }
        // each deployment seals its own DKIM keys (mailbox-service) and unseals them to sign (queue-relay)
        environment.put("MAIL_DKIM_KEY_ENCRYPTION_KEY", java.util.Base64.getEncoder().encodeToString(
                java.util.Arrays.copyOf((domain + "-dkim-kek").getBytes(java.nio.charset.StandardCharsets.US_ASCII), 32)));
        return environment;
    }

    /** Every service's Prometheus metrics, one text after the other. */
    String metrics() {
        StringBuilder all = new StringBuilder(smtp.metrics()).append(mailbox.metrics());
        services.forEach(service -> all.append(service.metrics()));
        return all.toString();
    }

    /** The console output of one of this deployment's services ("smtp-gateway", "queue-relay", ...). */
    java.nio.file.Path log(String service) {
        return java.nio.file.Path.of("target", service + "-" + domain + ".log");
    }

    @Override
    public void close() {
        services.forEach(ServiceJarProcess::stop);
        if (smtp != null) {
            smtp.stop();
        }
        if (mailbox != null) {
            mailbox.stop();
        }
        if (kafka != null) {
            kafka.stop();
        }
    }
}

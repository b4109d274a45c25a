package edu.hamburger.mail.mailbox.client;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The real smtp-gateway, started from its built jar as its own process on free ports, for tests
 * of what submits to it (the webmail) or delivers through it. It uses the test key store
 * ({@link TestKeystore}) for STARTTLS and the mailbox-service given.
 */
public final class SmtpGatewayProcess {

    private final ServiceJarProcess process;
    private final int mxPort;
    private final int submissionPort;

    private SmtpGatewayProcess(ServiceJarProcess process, int mxPort, int submissionPort) {
        this.process = process;
        this.mxPort = mxPort;
        this.submissionPort = submissionPort;
    }

    /** The webmail's submission credential these gateways accept (smtp-gateway's master user "webmail"). */
    public static final String MASTER_SECRET = "test-submission-master-secret";

    /** Starts one for {@code domain}, using the mailbox-service at {@code mailboxUrl}; Kafka from the environment. */
    public static SmtpGatewayProcess start(String domain, String mailboxUrl, String internalToken) {
        return start(domain, mailboxUrl, internalToken, Map.of());
    }

    /** The same, with more environment (another Kafka, say) and its own log name. */
    public static SmtpGatewayProcess start(String domain, String mailboxUrl, String internalToken, Map<String, String> more) {
        new TestKeystore().start(); // makes the key store unless it exists
        int mx = ServiceJarProcess.freePort();
        int submission = ServiceJarProcess.freePort();
        Map<String, String> environment = new HashMap<>();
        environment.put("MAIL_DOMAIN", domain);
        environment.put("MAIL_MAILBOX_API_URL", mailboxUrl);
        environment.put("MAIL_INTERNAL_API_TOKEN", internalToken);
        environment.put("MAIL_TLS_KEYSTORE", TestKeystore.KEYSTORE.toString());
        environment.put("MAIL_TLS_KEYSTORE_PASSWORD", TestKeystore.PASSWORD);
        environment.put("MAIL_SMTP_BIND_ADDRESS", "127.0.0.1");
        environment.put("MAIL_SMTP_MASTER_SECRET", MASTER_SECRET);
        environment.put("MAIL_SMTP_MX_PORT", Integer.toString(mx));
        environment.put("MAIL_SMTP_SUBMISSION_PORT", Integer.toString(submission));
        environment.put("MAIL_SMTP_SMTPS_PORT", Integer.toString(ServiceJarProcess.freePort()));
        environment.putAll(more);
        int mxPort = Integer.parseInt(environment.get("MAIL_SMTP_MX_PORT"));
        int submissionPort = Integer.parseInt(environment.get("MAIL_SMTP_SUBMISSION_PORT"));
        return new SmtpGatewayProcess(ServiceJarProcess.start("smtp-gateway", "smtp-gateway-" + domain, environment, Duration.ofSeconds(180)),
                mxPort, submissionPort);
    }

    public int mxPort() {
        return mxPort;
    }

    public int submissionPort() {
        return submissionPort;
    }

    public void stop() {
        process.stop();
    }

    public String metrics() {
        return process.metrics();
    }
}

package edu.hamburger.mail.webmail;

import edu.hamburger.mail.mailbox.client.MailboxServiceProcess;
import edu.hamburger.mail.mailbox.client.SmtpGatewayProcess;
import edu.hamburger.mail.mailbox.client.TestKeystore;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * What the webmail talks to, for real: mailbox-service and smtp-gateway started from their built
 * jars (in that order: the gateway asks the store about recipients), Kafka and PostgreSQL from
 * deploy/local/test. The webmail submits to the gateway's submission port with STARTTLS,
 * trusting only the test certificate.
 */
public class WebmailStack implements QuarkusTestResourceLifecycleManager {

    private final MailboxServiceProcess mailbox = new MailboxServiceProcess();
    private SmtpGatewayProcess gateway;

    @Override
    public Map<String, String> start() {
        // the login policy's production number: back-off after 3 failures of one (account, client)
        mailbox.init(Map.of("MAIL_AUTH_FAILURES_BEFORE_BACKOFF", "3"));
        new TestKeystore().start();
        Map<String, String> config = new HashMap<>(mailbox.start());
        gateway = SmtpGatewayProcess.start(MailboxServiceProcess.DOMAIN, MailboxServiceProcess.url(), MailboxServiceProcess.TOKEN);
        config.put("mail.webmail.submission.host", "127.0.0.1");
        config.put("mail.webmail.submission.port", Integer.toString(gateway.submissionPort()));
        config.put("mail.webmail.submission.trusted-certificate", TestKeystore.CERTIFICATE.toString());
        config.put("mail.webmail.submission.master-secret", SmtpGatewayProcess.MASTER_SECRET);
        return config;
    }

    @Override
    public void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        mailbox.stop();
    }
}

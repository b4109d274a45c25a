package edu.hamburger.mail.pop3;

import edu.hamburger.mail.mailbox.client.MailboxApiStub;
import edu.hamburger.mail.mailbox.client.ServiceHealthContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * pop3-gateway is ready when the mailbox API answers; Kafka is not one of its readiness checks
 * (it reads mailbox.changes only to void cached logins, and without it caches none).
 */
@QuarkusTest
@QuarkusTestResource(value = MailboxApiStub.class, restrictToAnnotatedClass = true)
class Pop3GatewayHealthTest extends ServiceHealthContract {

    @Override
    protected boolean readinessNeedsKafka() {
        return false;
    }
}

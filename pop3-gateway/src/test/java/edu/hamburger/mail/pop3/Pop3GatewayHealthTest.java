package edu.hamburger.mail.pop3;

import edu.hamburger.mail.mailbox.client.MailboxApiStub;
import edu.hamburger.mail.mailbox.client.ServiceHealthContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** pop3-gateway is ready only when the real Kafka broker and the mailbox API answer. */
@QuarkusTest
@QuarkusTestResource(value = MailboxApiStub.class, restrictToAnnotatedClass = true)
class Pop3GatewayHealthTest extends ServiceHealthContract {
}

package edu.hamburger.mail.smtp;

import edu.hamburger.mail.mailbox.client.MailboxApiStub;
import edu.hamburger.mail.mailbox.client.ServiceHealthContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** smtp-gateway is ready only when the real Kafka broker and the mailbox API answer. */
@QuarkusTest
@QuarkusTestResource(value = MailboxApiStub.class, restrictToAnnotatedClass = true)
class SmtpGatewayHealthTest extends ServiceHealthContract {
}

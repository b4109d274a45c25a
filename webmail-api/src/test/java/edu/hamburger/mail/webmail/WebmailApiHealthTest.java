package edu.hamburger.mail.webmail;

import edu.hamburger.mail.mailbox.client.MailboxApiStub;
import edu.hamburger.mail.mailbox.client.ServiceHealthContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** webmail-api is ready only when the real Kafka broker and the mailbox API answer. */
@QuarkusTest
@QuarkusTestResource(value = MailboxApiStub.class, restrictToAnnotatedClass = true)
class WebmailApiHealthTest extends ServiceHealthContract {
}

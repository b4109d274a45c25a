package edu.hamburger.mail.relay;

import edu.hamburger.mail.mailbox.client.MailboxApiStub;
import edu.hamburger.mail.mailbox.client.ServiceHealthContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/**
 * queue-relay is ready when Kafka and mailbox-service (asked where bounces go) answer. Delivery
 * is switched off here: this test is about health, not about the records other tests queued.
 */
@QuarkusTest
@TestProfile(QueueRelayHealthTest.HealthOnly.class)
@QuarkusTestResource(value = MailboxApiStub.class, restrictToAnnotatedClass = true)
class QueueRelayHealthTest extends ServiceHealthContract {

    public static class HealthOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mail.relay.delivery-enabled", "false");
        }
    }
}

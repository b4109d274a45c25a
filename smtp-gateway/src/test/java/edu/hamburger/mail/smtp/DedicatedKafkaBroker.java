package edu.hamburger.mail.smtp;

import edu.hamburger.mail.mailbox.client.KafkaBrokerProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.util.Map;

/**
 * A Kafka broker of this test class's own ({@link KafkaBrokerProcess}), so a test can kill it and
 * start it again without disturbing the shared broker of the other tests.
 */
public class DedicatedKafkaBroker implements QuarkusTestResourceLifecycleManager {

    private static DedicatedKafkaBroker current;

    private KafkaBrokerProcess broker;

    static DedicatedKafkaBroker current() {
        return current;
    }

    @Override
    public Map<String, String> start() {
        broker = KafkaBrokerProcess.start("dedicated-kafka");
        current = this;
        return Map.of("kafka.bootstrap.servers", broker.bootstrap(), "mail.smtp.queue-timeout", "6s");
    }

    String bootstrap() {
        return broker.bootstrap();
    }

    /** Kills the broker at once, as a crash would. */
    void kill() throws InterruptedException {
        broker.kill();
    }

    /** Starts it again on the same ports and data, and waits until it takes connections. */
    void startBroker() throws IOException, InterruptedException {
        broker.startAgain();
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.stop();
        }
    }
}

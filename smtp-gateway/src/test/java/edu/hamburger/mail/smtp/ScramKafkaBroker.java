package edu.hamburger.mail.smtp;

import edu.hamburger.mail.core.topic.MailTopics;
import edu.hamburger.mail.mailbox.client.KafkaBrokerProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A broker that admits only SASL/SCRAM clients, with the platform's topics; the gateway gets the
 * user's settings as {@code kafka.*} configuration, as an operator would set them (KAFKA_* env).
 */
public class ScramKafkaBroker implements QuarkusTestResourceLifecycleManager {

    static final KafkaBrokerProcess.ScramUser USER = new KafkaBrokerProcess.ScramUser("smtp-gateway", "scram-secret-for-tests");
    private static KafkaBrokerProcess broker;

    static String bootstrap() {
        return broker.bootstrap();
    }

    /** Client settings for {@code user} against this broker. */
    static Properties client(KafkaBrokerProcess.ScramUser user) {
        Properties settings = new Properties();
        settings.putAll(user.clientSettings());
        settings.put("bootstrap.servers", broker.bootstrap());
        return settings;
    }

    @Override
    public Map<String, String> start() {
        broker = KafkaBrokerProcess.start("scram-kafka", USER);
        try (Admin admin = Admin.create(client(USER))) {
            List<NewTopic> topics = MailTopics.all().stream().map(topic -> new NewTopic(topic, MailTopics.configuredPartitions(), (short) 1)
                    .configs(MailTopics.isCompacted(topic) ? Map.of("cleanup.policy", "compact") : Map.of("max.message.bytes", "33554432")))
                    .toList();
            admin.createTopics(topics).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("could not create the topics on the SCRAM broker", e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", broker.bootstrap());
        USER.clientSettings().forEach((key, value) -> config.put("kafka." + key, value));
        return config;
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.stop();
        }
    }
}

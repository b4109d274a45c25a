package edu.hamburger.mail.localinfra;

import edu.hamburger.mail.core.topic.MailTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates the platform's topics explicitly (the broker does not auto-create): each mail topic
 * with {@link MailTopics#configuredPartitions()} partitions (MAIL_TOPIC_PARTITIONS, default
 * {@value MailTopics#DEFAULT_PARTITIONS}) and a size ceiling above the SMTP SIZE limit. Topics
 * that already exist are left as they are, so running it twice is harmless; one with fewer
 * partitions than the setting is named, since adding partitions moves keys and is the operator's call.
 *
 * <p>Usage: {@code KafkaTopicProvisioner <bootstrap> [replication-factor]}
 */
public final class KafkaTopicProvisioner {

    private KafkaTopicProvisioner() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
        short replication = args.length > 1 ? Short.parseShort(args[1]) : 1;
        int partitions = MailTopics.configuredPartitions();
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : MailTopics.all()) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, partitions, replication).configs(Map.of(
                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MailTopics.MAX_MESSAGE_BYTES),
                            TopicConfig.COMPRESSION_TYPE_CONFIG, "producer",
                            TopicConfig.CLEANUP_POLICY_CONFIG, MailTopics.isCompacted(topic)
                                    ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE)));
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw e;
                    }
                }
            }
            List<String> kept = new ArrayList<>(MailTopics.all());
            kept.removeAll(missing.stream().map(NewTopic::name).toList());
            if (!kept.isEmpty()) {
                admin.describeTopics(kept).allTopicNames().get().forEach((name, description) -> {
                    if (description.partitions().size() < partitions) {
                        System.out.println("note: " + name + " keeps its " + description.partitions().size() + " partitions ("
                                + MailTopics.PARTITIONS_SETTING + "=" + partitions + " applies to new topics; to grow it: kafka-topics.sh --alter"
                                + " --partitions, which moves keys to other partitions)");
                    }
                });
            }
            System.out.println("topics ready on " + bootstrap + ": " + String.join(", ", MailTopics.all())
                    + " (" + missing.size() + " created with " + partitions + " partitions)");
        }
    }
}

package edu.hamburger.mail.core.kafka;

import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The {@code kafka.*} settings of a service (environment {@code KAFKA_*}), for the Kafka clients
 * built by hand (smtp-gateway's queue, the relay's consumers and publishers, the change feeds),
 * so they connect as the SmallRye channels do: TLS, SASL (SCRAM, OAUTHBEARER), mTLS key stores,
 * client ids, timeouts. Only keys Kafka's producer, consumer or admin client know are passed
 * on, so {@code kafka.*} settings of other meanings stay out. A client's own settings are put
 * after these and win (serialisers, group ids, acks).
 */
public final class KafkaClientSettings {

    private static final Set<String> KNOWN = new HashSet<>();

    static {
        KNOWN.addAll(ProducerConfig.configNames());
        KNOWN.addAll(ConsumerConfig.configNames());
        KNOWN.addAll(AdminClientConfig.configNames());
    }

    private KafkaClientSettings() {
    }

    /** From the running service's configuration. */
    public static Properties current() {
        return from(ConfigProvider.getConfig());
    }

    public static Properties from(Config config) {
        Properties settings = new Properties();
        for (String name : config.getPropertyNames()) {
            String key = clientKey(name);
            if (key != null && KNOWN.contains(key)) {
                config.getOptionalValue(name, String.class).ifPresent(value -> settings.put(key, value));
            }
        }
        return settings;
    }

    /** {@code kafka.sasl.mechanism} and {@code KAFKA_SASL_MECHANISM} both name {@code sasl.mechanism}; others null. */
    static String clientKey(String name) {
        if (name.startsWith("kafka.")) {
            return name.substring("kafka.".length());
        }
        if (name.startsWith("KAFKA_")) {
            return name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
        }
        return null;
    }
}

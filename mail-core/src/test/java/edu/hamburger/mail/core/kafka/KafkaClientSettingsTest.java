package edu.hamburger.mail.core.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {

    @Test
    void kafkaSettingsPassInBothSpellingsAndOthersStayOut() {
        var config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "kafka.security.protocol", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "kafka.ssl.truststore.location", "/etc/kafka/ca.p12",
                "kafka.health.enabled", "true",                 // not a client setting
                "quarkus.kafka.devservices.enabled", "false",   // not under kafka.
                "mail.domain", "example.test"), "test", 100)).build();
        Properties settings = KafkaClientSettings.from(config);
        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "ssl.truststore.location", "/etc/kafka/ca.p12"), Map.copyOf(settings));
    }
}

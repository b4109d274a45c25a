package edu.hamburger.mail.smtp;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.topic.MailTopics;
import edu.hamburger.mail.mailbox.client.KafkaBrokerProcess;
import edu.hamburger.mail.mailbox.client.MailboxServiceProcess;
import edu.hamburger.mail.mailbox.client.TestKeystore;
import edu.hamburger.mail.smtp.protocol.Listener;
import edu.hamburger.mail.smtp.transport.SmtpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Against a broker that admits only SASL/SCRAM clients, the gateway's own Kafka producer (built
 * by hand, not by SmallRye) takes the operator's {@code kafka.*} settings and queues mail; a
 * client with a wrong password is refused by the same broker, so the queueing proves the settings
 * were passed.
 */
@QuarkusTest
@QuarkusTestResource(value = TestKeystore.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ScramKafkaBroker.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = MailboxServiceProcess.class, restrictToAnnotatedClass = true)
class KafkaSaslTest {

    private static final Pattern QUEUED = Pattern.compile("queued as (\\S+)");

    @Inject
    SmtpServer server;

    @Test
    void mailIsQueuedOverScramAndTheBrokerRefusesAWrongPassword() throws Exception {
        String reply;
        try (SmtpTestClient c = new SmtpTestClient(server.port(Listener.MX))) {
            c.startData("crepes.fr", "alice@crepes.fr", "bob@example.test");
            c.raw("Subject: over SCRAM\r\n\r\nbody\r\n.\r\n");
            reply = c.last();
        }
        assertTrue(reply.startsWith("250 2.6.0"), reply);
        Matcher queued = QUEUED.matcher(reply);
        assertTrue(queued.find(), reply);

        Properties consumer = ScramKafkaBroker.client(ScramKafkaBroker.USER);
        consumer.put("isolation.level", "read_committed");
        Set<String> keys = new HashSet<>();
        try (var kafka = new KafkaConsumer<>(consumer, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            kafka.partitionsFor(MailTopics.INBOUND).forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && !keys.contains(queued.group(1))) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                    keys.add(record.key());
                }
            }
        }
        assertTrue(keys.contains(queued.group(1)), "the message is in mail.inbound on the SCRAM broker: " + keys);

        Properties intruder = ScramKafkaBroker.client(new KafkaBrokerProcess.ScramUser(ScramKafkaBroker.USER.name(), "wrong"));
        try (Admin admin = Admin.create(intruder)) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> admin.listTopics().names().get(20, TimeUnit.SECONDS));
            assertTrue(refused.getCause() instanceof SaslAuthenticationException, refused.toString());
        }
    }
}

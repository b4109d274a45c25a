package edu.hamburger.mail.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.topic.MailTopics;
import edu.hamburger.mail.mailbox.client.MailboxApiStub;
import edu.hamburger.mail.mailbox.client.ServiceJarProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Horizontal scaling as operators run it: two queue-relay processes (the built jar) in one
 * consumer group share the partitions of mail.outbound; one is killed with SIGKILL in the middle
 * of the run, the other takes its partitions over, and every message sent is delivered.
 * Delivery is at least once: what the killed relay had handed over without committing the offset
 * yet may arrive twice, never zero times.
 */
class TwoRelaysTakeoverIT {

    private static final int MESSAGES = 2000;
    private static final Pattern RUN_MARKER = Pattern.compile("takeover-run (\\S+)");

    @Test
    void killingOneRelayLosesNothing() throws Exception {
        MailboxApiStub mailboxApi = new MailboxApiStub();
        Map<String, String> stub = mailboxApi.start();
        try (ScriptedSmtpServer remote = new ScriptedSmtpServer().dataDelay(Duration.ofMillis(20)); RelayKafka kafka = new RelayKafka()) {
            Map<String, String> env = new HashMap<>();
            env.put("MAIL_RELAY_TRANSPORT_MAP", "*=127.0.0.1:" + remote.port());
            env.put("MAIL_MAILBOX_API_URL", stub.get("mail.mailbox-api.url"));
            env.put("MAIL_INTERNAL_API_TOKEN", MailboxApiStub.TOKEN);
            env.put("MAIL_RELAY_CONSUMER_SESSION_TIMEOUT", "6s");
            env.put("MAIL_RELAY_DESTINATION_CONCURRENCY", "4"); // slow enough that the kill lands mid-run
            env.put("MAIL_DOMAIN", "example.test");
            Map<String, String> envA = new HashMap<>(env);
            envA.put("MAIL_RELAY_HELO_NAME", "relay-a.example.test");
            Map<String, String> envB = new HashMap<>(env);
            envB.put("MAIL_RELAY_HELO_NAME", "relay-b.example.test");
            ServiceJarProcess relayA = ServiceJarProcess.start("queue-relay", "relay-a", envA, Duration.ofSeconds(90));
            ServiceJarProcess relayB = ServiceJarProcess.start("queue-relay", "relay-b", envB, Duration.ofSeconds(90));
            try {
                awaitGroupOfTwo(); // both relays own partitions before anything is sent
                Set<String> sent = java.util.concurrent.ConcurrentHashMap.newKeySet();
                Thread producer = new Thread(() -> {
                    for (int i = 0; i < MESSAGES; i++) {
                        MailRecord record = OutboundRelayTest.record("alice@example.test", "takeover-run", "user" + i + "@far.test");
                        sent.add(record.envelope().queueId());
                        kafka.queue(MailTopics.OUTBOUND, record);
                    }
                }, "takeover-producer");
                producer.start();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> ours(remote).size() >= MESSAGES / 5);
                Map<String, Integer> beforeKill = perRelay(remote);
                relayA.kill();
                int deliveredAtKill = ours(remote).size();
                producer.join();
                assertTrue(deliveredAtKill < MESSAGES * 3 / 4, "the kill came mid-run: " + deliveredAtKill + " delivered by then");

                await().atMost(Duration.ofSeconds(120)).until(() -> distinct(remote).containsAll(sent));
                Set<String> delivered = distinct(remote);
                delivered.retainAll(sent);
                int duplicates = ours(remote).size() - delivered.size();
                Map<String, Integer> after = perRelay(remote);
                System.out.printf("two relays: %d sent, %d delivered (%d duplicates); before the kill %s, at the end %s, %d delivered at the kill%n",
                        MESSAGES, delivered.size(), duplicates, beforeKill, after, deliveredAtKill);

                assertEquals(sent, delivered, "every message sent was delivered");
                assertTrue(beforeKill.getOrDefault("relay-a.example.test", 0) > 0 && beforeKill.getOrDefault("relay-b.example.test", 0) > 0,
                        "both replicas delivered before the kill: " + beforeKill);
                assertTrue(after.get("relay-b.example.test") > beforeKill.get("relay-b.example.test"), "relay-b took over");
                assertTrue(duplicates <= 200, "duplicates bounded by what was in flight at the kill: " + duplicates);
            } finally {
                relayA.kill();
                relayB.stop();
            }
        } finally {
            mailboxApi.stop();
        }
    }

    private static void awaitGroupOfTwo() {
        java.util.Properties settings = new java.util.Properties();
        settings.put("bootstrap.servers", System.getenv("KAFKA_BOOTSTRAP_SERVERS"));
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(settings)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                var group = admin.describeConsumerGroups(List.of("queue-relay")).all().get().get("queue-relay");
                return group.state() == org.apache.kafka.common.ConsumerGroupState.STABLE && group.members().size() == 2
                        && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
            });
        }
    }

    private static List<ScriptedSmtpServer.Received> ours(ScriptedSmtpServer remote) {
        return remote.received().stream().filter(r -> r.text().contains("takeover-run")).toList();
    }

    private static Set<String> distinct(ScriptedSmtpServer remote) {
        Set<String> ids = new HashSet<>();
        for (ScriptedSmtpServer.Received received : ours(remote)) {
            Matcher matcher = RUN_MARKER.matcher(received.text());
            if (matcher.find()) {
                ids.add(matcher.group(1));
            }
        }
        return ids;
    }

    private static Map<String, Integer> perRelay(ScriptedSmtpServer remote) {
        Map<String, Integer> counts = new HashMap<>();
        ours(remote).forEach(r -> counts.merge(r.helo(), 1, Integer::sum));
        return counts;
    }
}

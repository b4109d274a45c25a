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
 * of the run, the other takes its partitions over, and every message sent is delivered. A
 * message arrives twice only if the killed relay's delivery of it was in flight at the kill (no
 * reply from the remote server yet, or the reply not yet recorded): the finished records beyond
 * the committed offset travel in the commit's metadata and the new owner skips them.
 */
class TwoRelaysTakeoverIT {

    private static final int MESSAGES = 2000;
    /** Outcome written (acks=all) and offset committed after the remote 250: milliseconds, with slack for a busy machine. */
    private static final Duration RECORDING_TIME = Duration.ofMillis(250);
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
                long killedAt = System.nanoTime();
                relayA.kill();
                int deliveredAtKill = ours(remote).size();
                producer.join();
                assertTrue(deliveredAtKill < MESSAGES * 3 / 4, "the kill came mid-run: " + deliveredAtKill + " delivered by then");

                await().atMost(Duration.ofSeconds(120)).until(() -> distinct(remote).containsAll(sent));
                Set<String> delivered = distinct(remote);
                delivered.retainAll(sent);
                int duplicates = ours(remote).size() - delivered.size();
                Map<String, Integer> after = perRelay(remote);
                // what relay-a could not have recorded: transactions open at the kill, or answered
                // within the time it takes to write the outcome and commit (RECORDING_TIME)
                int openAtKill = remote.inFlightAt("relay-a.example.test", killedAt, Duration.ZERO);
                int inFlightAtKill = remote.inFlightAt("relay-a.example.test", killedAt, RECORDING_TIME);
                System.out.printf("two relays: %d sent, %d delivered, %d duplicates; relay-a had %d transactions open at the kill,"
                                + " %d with those answered in the %d ms before it; before the kill %s, at the end %s, %d delivered at the kill%n",
                        MESSAGES, delivered.size(), duplicates, openAtKill, inFlightAtKill, RECORDING_TIME.toMillis(), beforeKill, after, deliveredAtKill);

                System.out.println("the first copies of the duplicates were answered at (ms from the kill): " + firstCopyTimes(remote, killedAt));
                assertEquals(sent, delivered, "every message sent was delivered");
                assertTrue(beforeKill.getOrDefault("relay-a.example.test", 0) > 0 && beforeKill.getOrDefault("relay-b.example.test", 0) > 0,
                        "both replicas delivered before the kill: " + beforeKill);
                assertTrue(after.get("relay-b.example.test") > beforeKill.get("relay-b.example.test"), "relay-b took over");
                assertTrue(duplicates <= inFlightAtKill, "only deliveries in flight at the kill are repeated: "
                        + duplicates + " duplicates, " + inFlightAtKill + " in flight");
            } finally {
                relayA.kill();
                relayB.stop();
            }
        } finally {
            mailboxApi.stop();
        }
    }

    /**
     * One delivery of a partition hangs (the remote server stalls after RCPT); the twenty records
     * after it on the same partition are delivered and recorded as finished in the commit's
     * metadata, while the committed offset itself cannot pass the hanging one. The relay is
     * killed; the next relay delivers the hanging message and none of the twenty again.
     */
    @Test
    void aHangingDeliveryDoesNotMakeTheFinishedOnesAfterItRepeat() throws Exception {
        MailboxApiStub mailboxApi = new MailboxApiStub();
        Map<String, String> stub = mailboxApi.start();
        try (ScriptedSmtpServer remote = new ScriptedSmtpServer(); RelayKafka kafka = new RelayKafka()) {
            remote.on("RCPT hanging@far.test", new ScriptedSmtpServer.Stall());
            Map<String, String> env = new HashMap<>();
            env.put("MAIL_RELAY_TRANSPORT_MAP", "*=127.0.0.1:" + remote.port());
            env.put("MAIL_MAILBOX_API_URL", stub.get("mail.mailbox-api.url"));
            env.put("MAIL_INTERNAL_API_TOKEN", MailboxApiStub.TOKEN);
            env.put("MAIL_RELAY_CONSUMER_SESSION_TIMEOUT", "6s");
            env.put("MAIL_DOMAIN", "example.test");
            env.put("MAIL_RELAY_HELO_NAME", "relay-a.example.test");
            ServiceJarProcess relayA = ServiceJarProcess.start("queue-relay", "relay-hang-a", env, Duration.ofSeconds(90));
            ServiceJarProcess relayB = null;
            try {
                MailRecord hanging = OutboundRelayTest.record("alice@example.test", "hang-run", "hanging@far.test");
                kafka.queue(MailTopics.OUTBOUND, 2, hanging);
                await().atMost(Duration.ofSeconds(60)).until(() -> remote.commands().contains("RCPT TO:<hanging@far.test>"));
                Set<String> after = new HashSet<>();
                for (int i = 0; i < 20; i++) {
                    MailRecord record = OutboundRelayTest.record("alice@example.test", "hang-run", "after" + i + "@far.test");
                    after.add(record.envelope().queueId());
                    kafka.queue(MailTopics.OUTBOUND, 2, record);
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> hangRun(remote).size() == 20);
                // the gauge says when only the hanging delivery is left unrecorded
                await().atMost(Duration.ofSeconds(10)).until(() -> unrecorded(relayA) == 1);
                relayA.kill();

                env.put("MAIL_RELAY_HELO_NAME", "relay-b.example.test");
                relayB = ServiceJarProcess.start("queue-relay", "relay-hang-b", env, Duration.ofSeconds(90));
                await().atMost(Duration.ofSeconds(60)).until(() -> hangRun(remote).size() >= 21);
                // a second copy of any of them would arrive within this quiet period
                await("no second copy of the 21").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                        .until(() -> hangRun(remote).size() == 21);

                List<ScriptedSmtpServer.Received> delivered = hangRun(remote);
                Set<String> ids = new HashSet<>();
                delivered.forEach(r -> {
                    Matcher matcher = Pattern.compile("hang-run (\\S+)").matcher(r.text());
                    assertTrue(matcher.find());
                    ids.add(matcher.group(1));
                });
                System.out.printf("hanging delivery: %d delivered for 21 queued, by %s%n", delivered.size(),
                        delivered.stream().map(ScriptedSmtpServer.Received::helo).distinct().toList());
                assertEquals(21, delivered.size(), "each message once: none of the twenty finished ones again");
                assertTrue(ids.containsAll(after) && ids.contains(hanging.envelope().queueId()));
                assertEquals("relay-b.example.test", delivered.stream()
                        .filter(r -> r.recipients().contains("hanging@far.test")).findFirst().orElseThrow().helo(),
                        "the next relay delivered the one that hung");
                String takeover = java.nio.file.Files.readString(relayB.log().toPath());
                assertTrue(takeover.contains("(20 records after the committed offsets finished already)"), "relay-b skipped the twenty");
            } finally {
                relayA.kill();
                if (relayB != null) {
                    relayB.stop();
                }
            }
        } finally {
            mailboxApi.stop();
        }
    }

    private static List<ScriptedSmtpServer.Received> hangRun(ScriptedSmtpServer remote) {
        return remote.received().stream().filter(r -> r.text().contains("hang-run")).toList();
    }

    /** mail_relay_deliveries_unrecorded from the relay's metrics endpoint, -1 until it is there. */
    private static long unrecorded(ServiceJarProcess relay) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(relay.url() + "/q/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        Matcher matcher = Pattern.compile("(?m)^mail_relay_deliveries_unrecorded(?:\\{[^}]*\\})? ([0-9.E]+)").matcher(response.body());
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : -1;
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

    private static List<Long> firstCopyTimes(ScriptedSmtpServer remote, long killedAt) {
        Map<String, List<ScriptedSmtpServer.Received>> byId = new HashMap<>();
        for (ScriptedSmtpServer.Received received : ours(remote)) {
            Matcher matcher = RUN_MARKER.matcher(received.text());
            if (matcher.find()) {
                byId.computeIfAbsent(matcher.group(1), k -> new java.util.ArrayList<>()).add(received);
            }
        }
        return byId.values().stream().filter(copies -> copies.size() > 1)
                .map(copies -> (copies.get(0).acceptedNanos() - killedAt) / 1_000_000).sorted().toList();
    }

    private static Map<String, Integer> perRelay(ScriptedSmtpServer remote) {
        Map<String, Integer> counts = new HashMap<>();
        ours(remote).forEach(r -> counts.merge(r.helo(), 1, Integer::sum));
        return counts;
    }
}

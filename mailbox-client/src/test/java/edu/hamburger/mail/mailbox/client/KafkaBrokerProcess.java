package edu.hamburger.mail.mailbox.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker of a test's own (KRaft, one node; the same Maven Central jars as deploy/local),
 * with the platform's topics: for a test that kills and restarts its broker, or that needs two
 * deployments each with topics of their own. Runs from {@code deploy/local-infra/target}.
 */
public final class KafkaBrokerProcess {

    static final Path LIBS = Path.of("..", "deploy", "local-infra", "target").toAbsolutePath().normalize();

    private final Path dir;
    private final int port;
    private Process broker;

    private KafkaBrokerProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Formats a new broker under {@code target/<name>-...}, starts it and creates the topics. */
    public static KafkaBrokerProcess start(String name) {
        return start(name, null);
    }

    /** SASL/SCRAM-SHA-256 users of a broker that admits nobody else (the broker's own is "broker"). */
    public record ScramUser(String name, String password) {
        /** What a client sets (kafka.* without the prefix) to connect as this user. */
        public java.util.Map<String, String> clientSettings() {
            return java.util.Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-256",
                    "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + name
                            + "\" password=\"" + password + "\";");
        }
    }

    /**
     * As {@link #start(String)}, but clients must authenticate with SASL/SCRAM-SHA-256 as {@code user}
     * (a broker as a managed Kafka or Strimzi with SCRAM listeners is). Topics are created by the
     * caller, with the user's settings.
     */
    public static KafkaBrokerProcess start(String name, ScramUser user) {
        try {
            Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), name + "-");
            int port = ServiceJarProcess.freePort();
            int controllerPort = ServiceJarProcess.freePort();
            String listener = user == null ? "PLAINTEXT" : "SASL_PLAINTEXT";
            List<String> config = new ArrayList<>(List.of(
                    "process.roles=broker,controller", "node.id=1", "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                    "listeners=" + listener + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=" + listener + "://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=" + listener, "listener.security.protocol.map=CONTROLLER:PLAINTEXT," + listener + ":" + listener,
                    "log.dirs=" + dir.resolve("data"), "auto.create.topics.enable=false", "message.max.bytes=33554432",
                    "offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1", "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0"));
            if (user != null) {
                config.addAll(List.of("sasl.enabled.mechanisms=SCRAM-SHA-256", "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-256",
                        "listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config="
                                + "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"broker\" password=\"broker-secret\";"));
            }
            config.add("");
            Files.writeString(dir.resolve("server.properties"), String.join("\n", config));
            KafkaBrokerProcess kafka = new KafkaBrokerProcess(dir, port);
            List<String> format = new ArrayList<>(List.of("format", "-t", name.replaceAll("[^A-Za-z0-9]", "") + "kafka1", "-c",
                    dir.resolve("server.properties").toString()));
            if (user != null) {
                format.addAll(List.of("--add-scram", "SCRAM-SHA-256=[name=broker,password=broker-secret]",
                        "--add-scram", "SCRAM-SHA-256=[name=" + user.name() + ",password=" + user.password() + "]"));
            }
            kafka.java("kafka.tools.StorageTool", format.toArray(String[]::new)).waitFor(60, TimeUnit.SECONDS);
            kafka.startAgain();
            if (user != null) {
                return kafka;
            }
            Process topics = kafka.java("edu.hamburger.mail.localinfra.KafkaTopicProvisioner", kafka.bootstrap());
            if (!topics.waitFor(60, TimeUnit.SECONDS) || topics.exitValue() != 0) {
                throw new IllegalStateException("creating topics on " + name + " failed; see " + dir.resolve("tools.log"));
            }
            return kafka;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Kills the broker at once, as a crash would. */
    public void kill() throws InterruptedException {
        broker.destroyForcibly();
        broker.waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts it (again) on the same ports and data, and waits until it takes connections. */
    public void startAgain() throws IOException, InterruptedException {
        broker = java("kafka.Kafka", dir.resolve("server.properties").toString());
        Path log = dir.resolve("broker.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && broker.isAlive()) {
            if (Files.exists(log) && Files.readString(log).contains("Kafka Server started")) {
                return;
            }
            Thread.sleep(100); // the broker says it started only in its log
        }
        throw new IllegalStateException("Kafka did not start; see " + log);
    }

    public void stop() {
        if (broker != null) {
            broker.destroy();
            try {
                broker.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            broker.destroyForcibly();
        }
    }

    private Process java(String main, String... args) throws IOException {
        if (!Files.isDirectory(LIBS.resolve("libs"))) {
            throw new IllegalStateException("deploy/local-infra is not built (" + LIBS + "): build the reactor first");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", LIBS.resolve("libs") + "/*:" + LIBS.resolve("local-infra.jar"), main));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        boolean isBroker = main.equals("kafka.Kafka");
        builder.environment().put("MAIL_KAFKA_LOG_LEVEL", isBroker ? "info" : "warn");
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(isBroker ? "broker.log" : "tools.log").toFile()));
        return builder.start();
    }
}

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
        try {
            Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), name + "-");
            int port = ServiceJarProcess.freePort();
            int controllerPort = ServiceJarProcess.freePort();
            Files.writeString(dir.resolve("server.properties"), String.join("\n",
                    "process.roles=broker,controller", "node.id=1", "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT", "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                    "log.dirs=" + dir.resolve("data"), "auto.create.topics.enable=false", "message.max.bytes=33554432",
                    "offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1", "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0", ""));
            KafkaBrokerProcess kafka = new KafkaBrokerProcess(dir, port);
            kafka.java("kafka.tools.StorageTool", "format", "-t", name.replaceAll("[^A-Za-z0-9]", "") + "kafka1", "-c",
                    dir.resolve("server.properties").toString()).waitFor(60, TimeUnit.SECONDS);
            kafka.startAgain();
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

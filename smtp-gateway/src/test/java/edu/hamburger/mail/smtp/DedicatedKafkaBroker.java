package edu.hamburger.mail.smtp;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker of this test class's own (the same Maven Central jars as deploy/local), so a test
 * can kill it and start it again without disturbing the shared broker of the other tests.
 */
public class DedicatedKafkaBroker implements QuarkusTestResourceLifecycleManager {

    static final Path LIBS = Path.of("..", "deploy", "local-infra", "target").toAbsolutePath().normalize();
    private static DedicatedKafkaBroker current;

    private Path dir;
    private int port;
    private int controllerPort;
    private Process broker;

    static DedicatedKafkaBroker current() {
        return current;
    }

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "kafka-");
            port = freePort();
            controllerPort = freePort();
            Files.writeString(dir.resolve("server.properties"), String.join("\n",
                    "process.roles=broker,controller", "node.id=1", "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT", "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                    "log.dirs=" + dir.resolve("data"), "auto.create.topics.enable=false", "message.max.bytes=33554432",
                    "offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1", "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0", ""));
            java("kafka.tools.StorageTool", "format", "-t", "dedicated-test-kafka1", "-c", dir.resolve("server.properties").toString())
                    .waitFor(60, TimeUnit.SECONDS);
            startBroker();
            Process topics = java("edu.hamburger.mail.localinfra.KafkaTopicProvisioner", "127.0.0.1:" + port);
            if (!topics.waitFor(60, TimeUnit.SECONDS) || topics.exitValue() != 0) {
                throw new IllegalStateException("creating topics on the dedicated broker failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        current = this;
        return Map.of("kafka.bootstrap.servers", "127.0.0.1:" + port, "mail.smtp.queue-timeout", "6s");
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Kills the broker at once, as a crash would. */
    void kill() throws InterruptedException {
        broker.destroyForcibly();
        broker.waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts it again on the same ports and data, and waits until it takes connections. */
    void startBroker() throws IOException, InterruptedException {
        broker = java("kafka.Kafka", dir.resolve("server.properties").toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (Files.exists(dir.resolve("broker.log")) && Files.readString(dir.resolve("broker.log")).contains("Kafka Server started")) {
                return;
            }
            if (!broker.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("dedicated Kafka did not start; see " + dir.resolve("broker.log"));
    }

    private Process java(String main, String... args) throws IOException {
        if (!Files.isDirectory(LIBS.resolve("libs"))) {
            throw new IllegalStateException("deploy/local-infra is not built (" + LIBS + "): build the reactor first");
        }
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", LIBS.resolve("libs") + "/*:" + LIBS.resolve("local-infra.jar"), main));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MAIL_KAFKA_LOG_LEVEL", "warn");
        if (main.equals("kafka.Kafka")) {
            builder.environment().put("MAIL_KAFKA_LOG_LEVEL", "info");
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()));
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("tools.log").toFile()));
        }
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
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
}

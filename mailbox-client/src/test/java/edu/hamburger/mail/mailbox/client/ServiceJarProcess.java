package edu.hamburger.mail.mailbox.client;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One of the platform's services started from its built jar as a real process, for tests that
 * need the service itself (or several copies of it, or to kill one): it gets a free HTTP port,
 * the caller's environment plus the given variables, and counts as started once
 * {@code /q/health/ready} answers 200 (on its HTTP port, or on its management port).
 */
public final class ServiceJarProcess {

    private final Process process;
    private final String url;
    private final String managementUrl;
    private final File log;

    private ServiceJarProcess(Process process, String url, String managementUrl, File log) {
        this.process = process;
        this.url = url;
        this.managementUrl = managementUrl;
        this.log = log;
    }

    /**
     * Starts {@code ../<module>/target/quarkus-app/quarkus-run.jar} and waits until it is ready.
     * A free port can be taken by another process between finding it and binding it (services
     * start in parallel): then the start is tried again with new ports.
     */
    public static ServiceJarProcess start(String module, String name, Map<String, String> environment, Duration readyWithin) {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(module, name, environment, readyWithin);
            } catch (PortTaken e) {
                if (attempt == 3) {
                    throw new IllegalStateException(name + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private static final class PortTaken extends RuntimeException {
        PortTaken(String message) {
            super(message);
        }
    }

    private static ServiceJarProcess startOnce(String module, String name, Map<String, String> environment, Duration readyWithin) {
        Path jar = Path.of("..", module, "target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(module + " is not built (" + jar + "): build the reactor, e.g. deploy/local/test");
        }
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // the local stack's heaps: mailbox-service holds a few of the largest messages per
                // inbound consumer (docs/mailbox-service.md, "Memory"); and as in the images and the
                // local stack, out of heap the process exits rather than limp on
                "mailbox-service".equals(module) ? "-Xmx384m" : "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString());
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        // a service with a management interface (the webmail) serves /q/health there
        int managementPort = freePort();
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        File log = Path.of("target", name + ".log").toFile();
        long logStart = log.length();
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name, e);
        }
        ServiceJarProcess started = new ServiceJarProcess(process, "http://127.0.0.1:" + port,
                "http://127.0.0.1:" + managementPort, log);
        long deadline = System.nanoTime() + readyWithin.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                if (portTaken(log, logStart)) {
                    throw new PortTaken("a port was taken before it could bind; see " + log.getAbsolutePath());
                }
                throw new IllegalStateException(name + " exited; see " + log.getAbsolutePath());
            }
            if (started.ready()) {
                return started;
            }
            sleep(200);
        }
        started.stop();
        throw new IllegalStateException(name + " not ready within " + readyWithin.toSeconds() + " s; see " + log.getAbsolutePath());
    }

    public String url() {
        return url;
    }

    public File log() {
        return log;
    }

    /** The service's Prometheus metrics, from its main port or its management interface. */
    public String metrics() {
        for (String base : List.of(url, managementUrl)) {
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create(base + "/q/metrics").toURL().openConnection();
                connection.setConnectTimeout(1000);
                connection.setReadTimeout(10_000);
                if (connection.getResponseCode() == 200) {
                    try (var in = connection.getInputStream()) {
                        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    }
                }
            } catch (IOException e) {
                // try the other one
            }
        }
        throw new IllegalStateException("no metrics at " + url + " or " + managementUrl);
    }

    public boolean ready() {
        return ready(url) || ready(managementUrl);
    }

    /** The operating system's process id, to stop it from another class loader's test code. */
    public long pid() {
        return process.pid();
    }

    /** True when a service at this base URL answers its readiness check with 200. */
    public static boolean ready(String base) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(base + "/q/health/ready").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            return connection.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGKILL: the process gets no chance to finish anything, as in a crash or an OOM kill. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, then SIGKILL after 20 s. */
    public void stop() {
        stop(process.toHandle());
    }

    /** SIGTERM, then SIGKILL after 20 s: for a process started by another class loader's test code. */
    public static void stop(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
        }
    }

    private static boolean portTaken(File log, long from) {
        try {
            String text = Files.readString(log.toPath());
            return text.substring((int) Math.min(from, text.length())).contains("seems to be in use by another process");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A port free now, for a service started a moment later. Picked below Linux's ephemeral range
     * (32768 and up): a port the kernel gave out for listening could otherwise be handed to an
     * outgoing connection (a Kafka or PostgreSQL client) before the service binds it, which made
     * the two-domain system test fail now and then with "Address already in use".
     */
    public static int freePort() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = random.nextInt(20000, 32000);
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // another one
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package edu.hamburger.mail.relay;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The remote SMTP servers the relay under test talks to, all on loopback and reached through the
 * transport map: a scripted server for flaky.test and reject.test, Postfix's smtp-sink for
 * sink.test (Debian's postfix package; .ci/run installs it), and a catch-all smart host for
 * whatever else is queued (records other modules' tests left on the shared broker).
 */
public class RelayPeers implements QuarkusTestResourceLifecycleManager {

    public static final Path SINK_DIR = Path.of("target", "smtp-sink").toAbsolutePath();
    static ScriptedSmtpServer scripted;
    static ScriptedSmtpServer catchAll;
    private Process sink;

    @Override
    public Map<String, String> start() {
        try {
            scripted = new ScriptedSmtpServer();
            catchAll = new ScriptedSmtpServer();
            int sinkPort = edu.hamburger.mail.mailbox.client.ServiceJarProcess.freePort();
            Files.createDirectories(SINK_DIR);
            // smtp-sink refuses to run as root without -u; the user it switches to must write the dumps
            Files.setPosixFilePermissions(SINK_DIR, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(smtpSink()));
            if ("root".equals(System.getProperty("user.name"))) {
                command.addAll(java.util.List.of("-u", "nobody"));
            }
            // -d: one file per transaction, named from the template; 100: listen backlog
            command.addAll(java.util.List.of("-d", SINK_DIR + "/%H%M%S.", "127.0.0.1:" + sinkPort, "100"));
            sink = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(Path.of("target", "smtp-sink.log").toFile()).start();
            String map = "flaky.test=127.0.0.1:" + scripted.port() + ",reject.test=127.0.0.1:" + scripted.port()
                    + ",sink.test=127.0.0.1:" + sinkPort + ",*=127.0.0.1:" + catchAll.port();
            return Map.of(
                    "mail.relay.transport-map", map,
                    "mail.relay.retry.minimal-backoff", "2s",
                    "mail.relay.retry.maximal-backoff", "4s",
                    "mail.relay.helo-name", "relay.example.test",
                    "mail.admin-api.token", RelayAdmin.TOKEN);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the relay's SMTP peers", e);
        }
    }

    static String smtpSink() {
        for (String candidate : new String[] {"/usr/sbin/smtp-sink", "/usr/bin/smtp-sink"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("smtp-sink not found: install Debian's postfix package (.ci/run does)");
    }

    @Override
    public void stop() {
        try {
            if (scripted != null) {
                scripted.close();
            }
            if (catchAll != null) {
                catchAll.close();
            }
        } catch (IOException ignored) {
            // closing test servers
        }
        if (sink != null) {
            sink.destroy();
        }
    }

    /** The admin token the tests use. */
    public static final class RelayAdmin {
        public static final String TOKEN = "relay-test-admin-token-x";

        private RelayAdmin() {
        }
    }
}

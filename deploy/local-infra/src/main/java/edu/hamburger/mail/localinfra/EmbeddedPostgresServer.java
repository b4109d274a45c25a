package edu.hamburger.mail.localinfra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an embedded PostgreSQL (zonky, Linux binaries from Maven Central) for as long as this
 * process lives, for machines where no server is named. The data folder is kept between runs
 * unless asked otherwise; SIGTERM stops PostgreSQL cleanly through the shutdown hook. Commits are
 * synchronous, so a process killed with SIGKILL loses no acknowledged transaction.
 *
 * <p>Usage: {@code EmbeddedPostgresServer <port> <data-dir> <role> <password> <database>...}
 * Prints {@code POSTGRES READY} once the databases exist.
 */
public final class EmbeddedPostgresServer {

    private EmbeddedPostgresServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: EmbeddedPostgresServer <port> <data-dir> <role> <password> <database>...");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path dataDir = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(dataDir.getParent());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                // zonky's test default is synchronous_commit=off: a commit is acknowledged before
                // its WAL leaves PostgreSQL's memory, so a kill -9 lost the last filings that the
                // platform had already reported delivered (bench/run crash found 5 of 600). With
                // it on, a commit's WAL is written to the OS first. fsync stays off (zonky's -F):
                // a killed process loses nothing the OS holds; a power cut could, which is why
                // production runs a real server (docs/local-infrastructure.md).
                .setServerConfig("synchronous_commit", "on")
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("stopping PostgreSQL: " + e);
            } finally {
                stopped.countDown();
            }
        }, "postgres-shutdown"));
        try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
            for (int i = 4; i < args.length; i++) {
                DatabaseProvisioner.provision(admin, args[2], args[3], args[i]);
            }
        }
        System.out.println("POSTGRES READY on 127.0.0.1:" + port + " data " + dataDir);
        System.out.flush();
        stopped.await();
    }
}

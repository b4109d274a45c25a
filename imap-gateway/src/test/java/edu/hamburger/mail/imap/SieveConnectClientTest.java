package edu.hamburger.mail.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.imap.managesieve.ManageSieveServer;
import edu.hamburger.mail.mailbox.client.MailboxLookups;
import edu.hamburger.mail.mailbox.client.MailboxServiceProcess;
import edu.hamburger.mail.mailbox.client.TestKeystore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Debian's sieve-connect, a ManageSieve client nobody here wrote, against the gateway: STARTTLS
 * verified against the test CA, PLAIN, then upload, check, activate, list, download, delete.
 */
@QuarkusTest
@QuarkusTestResource(value = MailboxServiceProcess.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TestKeystore.class, restrictToAnnotatedClass = true)
class SieveConnectClientTest {

    @Inject
    ManageSieveServer server;

    record Result(int status, String output) {
    }

    private Result sieveConnect(String user, String... action) throws Exception {
        List<String> command = new ArrayList<>(List.of("sieve-connect", "--server", "localhost", "--port", Integer.toString(server.port()),
                "--user", user, "--passwordfd", "0", "--authmech", "PLAIN", "--tlscafile", TestKeystore.CERTIFICATE.toString(),
                "--noclearchan"));
        command.addAll(List.of(action));
        Path password = Files.createTempFile(Path.of("target"), "password-", ".txt");
        Files.writeString(password, MailboxLookups.ACCOUNT_PASSWORD + "\n");
        Path log = Files.createTempFile(Path.of("target"), "sieve-connect-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(password.toFile())
                .redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(finished, "sieve-connect timed out: " + output);
        return new Result(process.exitValue(), output);
    }

    @Test
    void sieveConnectUploadsChecksActivatesListsDownloadsAndDeletes() throws Exception {
        String user = MailboxLookups.freshAccount("sc").address();
        Path dir = Files.createTempDirectory(Path.of("target"), "sieve-connect");
        Path rules = dir.resolve("rules.sieve");
        String script = "require [\"fileinto\", \"vacation\"];\nif header :contains \"Subject\" \"[list]\" { fileinto \"Lists\"; }\n"
                + "vacation :days 5 \"Back on Monday.\";\n";
        Files.writeString(rules, script);
        Path broken = dir.resolve("broken.sieve");
        Files.writeString(broken, "require \"fileinto\";\nif true {\n  filinto \"x\";\n}\n");

        Result upload = sieveConnect(user, "--upload", "--localsieve", rules.toString(), "--remotesieve", "rules");
        assertEquals(0, upload.status(), upload.output());
        Result check = sieveConnect(user, "--checkscript", "--localsieve", broken.toString());
        assertNotEquals(0, check.status(), check.output());
        assertTrue(check.output().contains("line 3: unknown command 'filinto'"), check.output());
        Result activate = sieveConnect(user, "--activate", "--remotesieve", "rules");
        assertEquals(0, activate.status(), activate.output());
        Result list = sieveConnect(user, "--list");
        assertEquals(0, list.status(), list.output());
        assertTrue(list.output().contains("\"rules\" ACTIVE"), list.output());
        Path copy = dir.resolve("copy.sieve");
        Result download = sieveConnect(user, "--download", "--remotesieve", "rules", "--localsieve", copy.toString());
        assertEquals(0, download.status(), download.output());
        assertEquals(script.replace("\n", "\r\n"), Files.readString(copy).replace("\r\n", "\n").replace("\n", "\r\n"));
        Result deactivate = sieveConnect(user, "--deactivate");
        assertEquals(0, deactivate.status(), deactivate.output());
        Result delete = sieveConnect(user, "--delete", "--remotesieve", "rules");
        assertEquals(0, delete.status(), delete.output());
        assertTrue(!sieveConnect(user, "--list").output().contains("rules"));
    }
}

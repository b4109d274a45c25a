package edu.hamburger.mail.pop3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.mailbox.client.MailboxLookups;
import edu.hamburger.mail.mailbox.client.MailboxServiceProcess;
import edu.hamburger.mail.mailbox.client.TestKeystore;
import edu.hamburger.mail.pop3.transport.Pop3Server;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Python's poplib downloads everything with STLS and USER/PASS; afterwards the INBOX is empty. */
@QuarkusTest
@QuarkusTestResource(value = MailboxServiceProcess.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TestKeystore.class, restrictToAnnotatedClass = true)
class PoplibTest {

    @Inject
    Pop3Server server;

    @Test
    void poplibDownloadsThenDeletes() throws Exception {
        String local = "poplib-" + UUID.randomUUID().toString().substring(0, 8);
        long account = MailboxLookups.createAccount(local);
        List<String> messages = List.of("Subject: 안녕하세요\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n케첩 좋아해요?\r\n",
                "Subject: second\r\n\r\n.a line with a leading dot\r\n");
        for (String message : messages) {
            MailboxLookups.appendToInbox(account, message.getBytes(StandardCharsets.UTF_8));
        }
        Path out = Files.createTempDirectory("poplib");
        Process python = new ProcessBuilder("python3", "src/test/resources/poplib_download.py", Integer.toString(server.port(false)),
                TestKeystore.CERTIFICATE.toString(), local + "@example.test", MailboxLookups.ACCOUNT_PASSWORD, out.toString())
                .redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(python.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, python.exitValue(), output);
        assertTrue(output.contains("downloaded 2 messages"), output);
        assertArrayEquals(messages.get(0).getBytes(StandardCharsets.UTF_8), Files.readAllBytes(out.resolve("1.eml")));
        assertArrayEquals(messages.get(1).getBytes(StandardCharsets.UTF_8), Files.readAllBytes(out.resolve("2.eml")));
        assertEquals(List.of(), MailboxLookups.inboxUids(account), "download, then gone from the server");
    }
}

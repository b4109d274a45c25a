package edu.hamburger.mail.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.imap.transport.ImapServer;
import edu.hamburger.mail.mailbox.client.MailboxLookups;
import edu.hamburger.mail.mailbox.client.MailboxServiceProcess;
import edu.hamburger.mail.mailbox.client.TestKeystore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * imap-gateway driven by clients nobody here wrote: Python's imaplib, Angus (Jakarta) Mail,
 * mbsync (isync) and mutt from Debian (installed by .ci/run), over IMAPS with the test CA.
 */
@QuarkusTest
@QuarkusTestResource(value = MailboxServiceProcess.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TestKeystore.class, restrictToAnnotatedClass = true)
class ThirdPartyImapClientsTest {

    static final String PASSWORD = MailboxLookups.ACCOUNT_PASSWORD;

    @Inject
    ImapServer server;

    private static String[] account(String... messages) {
        MailboxLookups.TestAccount account = MailboxLookups.freshAccount("tp", messages);
        return new String[] {account.address(), Long.toString(account.id())};
    }

    private static String run(List<String> command, Path directory, String... environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        for (int i = 0; i + 1 < environment.length; i += 2) {
            builder.environment().put(environment[i], environment[i + 1]);
        }
        Path log = Files.createTempFile(Path.of("target"), "client-", ".log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        boolean finished = process.waitFor(90, TimeUnit.SECONDS);
        String output = Files.readString(log, StandardCharsets.ISO_8859_1);
        if (!finished) {
            process.destroyForcibly();
            process.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        assertTrue(finished, "timed out: " + command + "\n" + output);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
        return output;
    }

    @Test
    void pythonImaplib() throws Exception {
        String[] account = account("Subject: first\r\n\r\nhello\r\n");
        Path script = Path.of("src", "test", "resources", "imaplib_session.py").toAbsolutePath();
        String output = run(List.of("python3", script.toString(), Integer.toString(server.port(true)),
                TestKeystore.CERTIFICATE.toString(), account[0], PASSWORD), null);
        assertTrue(output.contains("imaplib session complete"), output);
    }

    @Test
    void angusMail() throws Exception {
        String[] account = account("From: carol@example.test\r\nSubject: Angus\r\n\r\nBody via Jakarta Mail\r\n");
        Properties properties = new Properties();
        properties.put("mail.imaps.ssl.trust", "localhost");
        properties.put("mail.imaps.ssl.socketFactory", TestKeystore.clientContext().getSocketFactory());
        properties.put("mail.imaps.port", Integer.toString(server.port(true)));
        Session session = Session.getInstance(properties);
        Store store = session.getStore("imaps");
        store.connect("localhost", account[0], PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            assertEquals(1, inbox.getMessageCount());
            Message message = inbox.getMessage(1);
            assertEquals("Angus", message.getSubject());
            assertEquals("carol@example.test", ((InternetAddress) message.getFrom()[0]).getAddress());
            assertEquals("Body via Jakarta Mail\r\n", message.getContent());
            message.setFlag(Flags.Flag.FLAGGED, true);
            long uid = ((UIDFolder) inbox).getUID(message);
            assertEquals(1, uid);

            Folder archive = store.getFolder("Archive");
            MimeMessage outgoing = new MimeMessage(session);
            outgoing.setFrom("bob@example.test");
            outgoing.setSubject("From Angus append", "UTF-8");
            outgoing.setText("appended by Angus Mail");
            archive.appendMessages(new Message[] {outgoing});
            inbox.copyMessages(new Message[] {message}, archive);
            archive.open(Folder.READ_ONLY);
            assertEquals(2, archive.getMessageCount());
            assertTrue(archive.getMessage(2).isSet(Flags.Flag.FLAGGED), "COPY keeps flags");
            archive.close(false);

            message.setFlag(Flags.Flag.DELETED, true);
            inbox.close(true); // CLOSE expunges
            inbox.open(Folder.READ_ONLY);
            assertEquals(0, inbox.getMessageCount());
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    @Test
    void mbsyncSyncsToMaildirAndFlagsComeBack() throws Exception {
        String[] account = account("Subject: one\r\n\r\nfirst\r\n", "Subject: two\r\n\r\nsecond\r\n");
        Path home = Files.createTempDirectory(Path.of("target"), "mbsync-").toAbsolutePath();
        Path maildir = home.resolve("Mail");
        Files.createDirectories(maildir);
        Files.writeString(home.resolve(".mbsyncrc"), String.join("\n",
                "IMAPAccount test",
                "Host localhost",
                "Port " + server.port(true),
                "User " + account[0],
                "Pass " + PASSWORD,
                "SSLType IMAPS",
                "CertificateFile " + TestKeystore.CERTIFICATE,
                "",
                "IMAPStore remote",
                "Account test",
                "",
                "MaildirStore local",
                "Path " + maildir + "/",
                "Inbox " + maildir + "/INBOX",
                "SubFolders Verbatim",
                "",
                "Channel test",
                "Far :remote:",
                "Near :local:",
                "Patterns INBOX",
                "Create Both",
                "SyncState *",
                "Sync All",
                "") + "\n");
        String config = home.resolve(".mbsyncrc").toString();
        run(List.of("mbsync", "-c", config, "test"), home);
        Path cur = maildir.resolve("INBOX").resolve("cur");
        Path fresh = maildir.resolve("INBOX").resolve("new");
        List<Path> mails;
        try (Stream<Path> a = Files.list(cur); Stream<Path> b = Files.list(fresh)) {
            mails = Stream.concat(a, b).toList();
        }
        assertEquals(2, mails.size(), "both messages are in the Maildir");
        Path first = mails.stream().filter(p -> read(p).contains("Subject: one")).findFirst().orElseThrow();
        assertTrue(read(first).contains("first"));

        // flag it locally (Maildir info ":2,FS" = flagged + seen) and sync back
        Path flagged = cur.resolve(first.getFileName().toString().replaceAll(":2,.*$", "") + ":2,FS");
        Files.move(first, flagged);
        run(List.of("mbsync", "-c", config, "test"), home);
        try (ImapTestClient client = ImapTestClient.tls(server.port(true))) {
            client.line();
            client.command("a1", "LOGIN " + account[0] + " " + PASSWORD);
            client.command("a2", "EXAMINE INBOX");
            List<String> flags = client.command("a3", "FETCH 1 FLAGS");
            assertTrue(flags.get(0).contains("\\Flagged") && flags.get(0).contains("\\Seen"), "flags synced back: " + flags);
        }
    }

    @Test
    void muttReadsAMessageInBatchMode() throws Exception {
        String[] account = account("From: alice@crepes.fr\r\nTo: bob@example.test\r\nSubject: Mutt test\r\n\r\nRead me with mutt.\r\n");
        // mutt opens the message (cat as the pager); once it is on the screen, "q" leaves it and "q" quits
        String output = mutt(account, List.of(), "push <display-message>", "Read me with mutt.");
        assertTrue(output.contains("Read me with mutt."), output);
        try (ImapTestClient client = ImapTestClient.tls(server.port(true))) {
            client.line();
            client.command("a1", "LOGIN " + account[0] + " " + PASSWORD);
            client.command("a2", "EXAMINE INBOX");
            assertTrue(client.command("a3", "FETCH 1 FLAGS").get(0).contains("\\Seen"), "reading it in mutt marked it seen");
        }
    }

    /** mutt's threaded index over IMAP: it reads References and In-Reply-To from the server and draws the reply under its parent. */
    @Test
    void muttShowsAThreadedIndex() throws Exception {
        String[] account = account(
                "From: alice@crepes.fr\r\nSubject: Lunch plans\r\nMessage-ID: <lunch-1@crepes.fr>\r\nDate: Mon, 30 Nov 2026 09:00:00 +0000\r\n\r\nNoon?\r\n",
                "From: carol@example.test\r\nSubject: Quarterly report\r\nMessage-ID: <report@example.test>\r\nDate: Mon, 30 Nov 2026 09:30:00 +0000\r\n\r\nAttached.\r\n",
                "From: bob@example.test\r\nSubject: Re: Lunch plans\r\nMessage-ID: <lunch-2@example.test>\r\nIn-Reply-To: <lunch-1@crepes.fr>\r\n"
                        + "References: <lunch-1@crepes.fr>\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\n\r\nYes.\r\n");
        String output = mutt(account, List.of("set sort=threads", "set ascii_chars=yes", "set index_format=\"%4C %s\""), null, "`->");
        // the reply is drawn as the lunch message's child ("`->"), the report stands alone between them in arrival order
        assertTrue(output.matches("(?s).*Lunch plans.*`->.*") && !output.contains("`->Quarterly"), output);
    }

    /**
     * Runs mutt on the account's INBOX over IMAPS in a terminal (script(1) gives it one), with
     * {@code settings} added to its configuration and {@code command} (a mutt -e command) run at
     * start; once {@code shown} is on the screen the test types "q", as a user would, until mutt
     * has exited. Answers what the terminal showed.
     */
    private String mutt(String[] account, List<String> settings, String command, String shown) throws Exception {
        Path home = Files.createTempDirectory(Path.of("target"), "mutt-").toAbsolutePath();
        String url = "imaps://" + account[0].replace("@", "%40") + "@localhost:" + server.port(true) + "/";
        List<String> rc = new java.util.ArrayList<>(List.of(
                "set folder=\"" + url + "\"",
                "set spoolfile=\"+INBOX\"",
                "set imap_pass=\"" + PASSWORD + "\"",
                "set certificate_file=\"" + home.resolve("certificates") + "\"",
                "set ssl_ca_certificates_file=\"" + TestKeystore.CERTIFICATE + "\"",
                "set ssl_verify_host=yes",
                "set header_cache=\"\"",
                "set pager_stop=yes",
                "set wait_key=no",
                "set quit=yes",
                "set move=no",
                "set mark_old=no",
                "set confirmappend=no",
                "set imap_user=\"" + account[0] + "\"",
                "set pager=cat"));
        rc.addAll(settings);
        Files.writeString(home.resolve(".muttrc"), String.join("\n", rc) + "\n");
        Files.writeString(home.resolve("read.sh"), "exec mutt -F '" + home.resolve(".muttrc") + "' -f '" + url + "INBOX'"
                + (command == null ? "" : " -e '" + command + "'") + "\n");
        Path log = home.resolve("screen.log");
        ProcessBuilder builder = new ProcessBuilder("script", "-q", "-e", "-c", "sh " + home.resolve("read.sh"), "/dev/null")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(java.util.Map.of("HOME", home.toString(), "TERM", "xterm", "COLUMNS", "120", "LINES", "40"));
        Process mutt = builder.start();
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).pollInterval(java.time.Duration.ofMillis(200))
                    .until(() -> Files.readString(log, StandardCharsets.ISO_8859_1).contains(shown));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(300))
                    .until(() -> {
                        if (mutt.isAlive()) {
                            mutt.getOutputStream().write('q');
                            mutt.getOutputStream().flush();
                        }
                        return !mutt.isAlive();
                    });
        } finally {
            mutt.descendants().forEach(ProcessHandle::destroyForcibly);
            mutt.destroyForcibly();
        }
        return Files.readString(log, StandardCharsets.ISO_8859_1);
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

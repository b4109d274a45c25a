package edu.hamburger.mail.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.imap.managesieve.ManageSieveServer;
import edu.hamburger.mail.mailbox.client.MailboxLookups;
import edu.hamburger.mail.mailbox.client.MailboxServiceProcess;
import edu.hamburger.mail.mailbox.client.TestKeystore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ManageSieve (RFC 5804) over a real socket against the real mailbox-service: the capability
 * greeting, STARTTLS and the capabilities again, AUTHENTICATE PLAIN only over TLS, and the
 * script commands, with a compile error answered by its line.
 */
@QuarkusTest
@QuarkusTestResource(value = MailboxServiceProcess.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TestKeystore.class, restrictToAnnotatedClass = true)
class ManageSieveTest {

    @Inject
    ManageSieveServer server;

    /** Lines up to and including the OK/NO/BYE that ends a response. */
    private static List<String> response(ImapTestClient client) throws Exception {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = client.line();
            lines.add(line);
        } while (line != null && !line.startsWith("OK") && !line.startsWith("NO") && !line.startsWith("BYE"));
        return lines;
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String literal(String text) {
        return "{" + text.getBytes(StandardCharsets.UTF_8).length + "+}\r\n" + text;
    }

    private ImapTestClient loggedIn(String user) throws Exception {
        ImapTestClient client = ImapTestClient.plain(server.port());
        response(client);
        client.send("STARTTLS");
        assertTrue(last(response(client)).startsWith("OK"));
        client.startTls();
        response(client);
        client.send("AUTHENTICATE \"PLAIN\" \"" + plain(user, MailboxLookups.ACCOUNT_PASSWORD) + "\"");
        assertEquals("OK \"authenticated\"", last(response(client)));
        return client;
    }

    @Test
    void theGreetingListsCapabilitiesAndLoginsWaitForTls() throws Exception {
        String user = MailboxLookups.freshAccount("sieve").address();
        try (ImapTestClient client = ImapTestClient.plain(server.port())) {
            List<String> greeting = response(client);
            assertTrue(greeting.contains("\"IMPLEMENTATION\" \"mail-platform ManageSieve\""), greeting.toString());
            assertTrue(greeting.contains("\"STARTTLS\""), greeting.toString());
            assertTrue(greeting.contains("\"SASL\" \"\""), "no mechanism before TLS: " + greeting);
            assertTrue(greeting.stream().anyMatch(l -> l.startsWith("\"SIEVE\" \"fileinto reject ereject envelope")
                    && l.contains(" vacation ") && l.contains("imap4flags")), greeting.toString());
            assertTrue(greeting.contains("\"VERSION\" \"1.0\""), greeting.toString());
            client.send("AUTHENTICATE \"PLAIN\" \"" + plain(user, MailboxLookups.ACCOUNT_PASSWORD) + "\"");
            assertEquals("NO (ENCRYPT-NEEDED) \"use STARTTLS before authenticating\"", last(response(client)));
            client.send("LISTSCRIPTS");
            assertEquals("NO \"authenticate first\"", last(response(client)));
            client.send("NOOP \"ping-1\"");
            assertEquals("OK (TAG \"ping-1\") \"done\"", last(response(client)));

            client.send("STARTTLS");
            assertEquals("OK \"begin TLS negotiation now\"", last(response(client)));
            client.startTls();
            List<String> again = response(client);
            assertTrue(again.contains("\"SASL\" \"PLAIN\""), again.toString());
            assertFalse(again.contains("\"STARTTLS\""), again.toString());
            assertTrue(last(again).startsWith("OK"), again.toString());

            client.send("AUTHENTICATE \"PLAIN\" \"" + plain(user, "wrong-password") + "\"");
            assertEquals("NO \"authentication failed\"", last(response(client)));
            // without an initial response: the server's empty challenge, the client's answer as a string
            client.send("AUTHENTICATE \"PLAIN\"");
            assertEquals("\"\"", client.line());
            client.send("\"" + plain(user, MailboxLookups.ACCOUNT_PASSWORD) + "\"");
            assertEquals("OK \"authenticated\"", last(response(client)));
            client.send("LOGOUT");
            assertTrue(last(response(client)).startsWith("OK"));
        }
    }

    @Test
    void scriptsArePutCheckedListedActivatedRenamedAndDeleted() throws Exception {
        String user = MailboxLookups.freshAccount("sieve").address();
        String vacation = "require \"vacation\";\r\nvacation :days 3 \"I am away.\";\r\n";
        try (ImapTestClient client = loggedIn(user)) {
            client.sendRaw(("PUTSCRIPT \"broken\" " + literal("require \"fileinto\";\r\nfilinto \"x\";\r\n") + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            assertEquals("NO \"line 2: unknown command 'filinto'\"", last(response(client)));
            client.sendRaw(("CHECKSCRIPT " + literal("keep;") + "\r\n").getBytes(StandardCharsets.UTF_8));
            assertEquals("OK \"the script compiles\"", last(response(client)));

            client.sendRaw(("PUTSCRIPT \"away\" " + literal(vacation) + "\r\n").getBytes(StandardCharsets.UTF_8));
            assertEquals("OK \"stored\"", last(response(client)));
            client.sendRaw(("PUTSCRIPT \"휴가 규칙\" " + literal("keep;") + "\r\n").getBytes(StandardCharsets.UTF_8));
            assertEquals("OK \"stored\"", last(response(client)));
            client.send("SETACTIVE \"away\"");
            assertEquals("OK \"active\"", last(response(client)));
            client.send("LISTSCRIPTS");
            List<String> listed = response(client);
            assertEquals(List.of("\"away\" ACTIVE", "\"휴가 규칙\"", "OK \"listed\""), listed);

            client.send("GETSCRIPT \"away\"");
            List<String> script = response(client);
            assertEquals(vacation, script.get(0).substring(script.get(0).indexOf("}") + 3) + "\r\n", script.toString());
            assertEquals("OK \"script\"", last(script));

            client.send("DELETESCRIPT \"away\"");
            assertTrue(last(response(client)).startsWith("NO (ACTIVE)"));
            client.send("RENAMESCRIPT \"휴가 규칙\" \"away\"");
            assertTrue(last(response(client)).startsWith("NO (ALREADYEXISTS)"));
            client.send("RENAMESCRIPT \"휴가 규칙\" \"spare\"");
            assertEquals("OK \"renamed\"", last(response(client)));
            client.send("GETSCRIPT \"nope\"");
            assertTrue(last(response(client)).startsWith("NO (NONEXISTENT)"));
            client.send("HAVESPACE \"big\" 1000000");
            assertTrue(last(response(client)).startsWith("NO (QUOTA/MAXSIZE)"));
            client.send("HAVESPACE \"small\" 100");
            assertEquals("OK \"room\"", last(response(client)));
            client.send("SETACTIVE \"\"");
            assertEquals("OK \"no script is active\"", last(response(client)));
            client.send("DELETESCRIPT \"away\"");
            assertEquals("OK \"deleted\"", last(response(client)));
            client.send("LISTSCRIPTS");
            assertEquals(List.of("\"spare\"", "OK \"listed\""), response(client));
        }
    }
}

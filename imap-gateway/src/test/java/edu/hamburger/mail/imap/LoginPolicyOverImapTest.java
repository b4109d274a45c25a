package edu.hamburger.mail.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.imap.transport.ImapServer;
import edu.hamburger.mail.mailbox.client.MailboxAccounts;
import edu.hamburger.mail.mailbox.client.MailboxLookups;
import edu.hamburger.mail.mailbox.client.MailboxServiceProcess;
import edu.hamburger.mail.mailbox.client.TestKeystore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * mailbox-service's login policy and the gateway's verified-credential cache, met over real
 * sockets from two loopback addresses: 127.0.0.1 guesses, 127.0.0.2 is the owner. The service runs
 * with the policy's production numbers for one (account, client): back-off after 3 failures.
 */
@QuarkusTest
@QuarkusTestResource(value = MailboxServiceProcess.class, restrictToAnnotatedClass = true, initArgs = {
    @ResourceArg(name = "MAIL_AUTH_FAILURES_BEFORE_BACKOFF", value = "3"),
    @ResourceArg(name = "MAIL_AUTH_BACKOFF_INITIAL", value = "30s")})
@QuarkusTestResource(value = TestKeystore.class, restrictToAnnotatedClass = true)
class LoginPolicyOverImapTest {

    static final String PASSWORD = MailboxLookups.ACCOUNT_PASSWORD;

    @Inject
    ImapServer server;

    @Inject
    MailboxAccounts accounts;

    @BeforeEach
    void credentialFeedReads() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!accounts.credentialCacheReady() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(accounts.credentialCacheReady(), "the gateway reads mailbox.changes");
    }

    private String login(String from, String user, String password) throws Exception {
        try (ImapTestClient c = ImapTestClient.tlsFrom(server.port(true), from)) {
            c.line();
            List<String> answer = c.command("a1", "LOGIN \"" + user + "\" \"" + password + "\"");
            return answer.get(answer.size() - 1);
        }
    }

    @Test
    void anAttackerAtOneAddressDoesNotLockTheOwnerOutAtAnother() throws Exception {
        MailboxLookups.TestAccount owner = MailboxLookups.freshAccount("target");
        for (int i = 0; i < 3; i++) {
            assertTrue(login("127.0.0.1", owner.address(), "guess-" + i).startsWith("a1 NO [AUTHENTICATIONFAILED]"));
        }
        String refused = login("127.0.0.1", owner.address(), PASSWORD);
        assertEquals("a1 NO [UNAVAILABLE] too many failed logins, try again later", refused, "the guesser waits, even with the password");
        assertTrue(login("127.0.0.2", owner.address(), PASSWORD).startsWith("a1 OK"), "the owner at another address gets in at once");
    }

    @Test
    void aPasswordChangeEndsTheOldPasswordWithinASecond() throws Exception {
        MailboxLookups.TestAccount account = MailboxLookups.freshAccount("rotate");
        assertTrue(login("127.0.0.2", account.address(), PASSWORD).startsWith("a1 OK"));
        double asked = MailboxLookups.metric("mail_auth_logins_total", "outcome=\"accepted\",protocol=\"imap\"");
        assertTrue(login("127.0.0.2", account.address(), PASSWORD).startsWith("a1 OK"));
        assertEquals(asked, MailboxLookups.metric("mail_auth_logins_total", "outcome=\"accepted\",protocol=\"imap\""),
                "the second login came from the gateway's cache, not from a new hash check");

        MailboxLookups.setPassword(account.id(), "a-new-password-1");
        long changed = System.nanoTime();
        String answer;
        do {
            answer = login("127.0.0.2", account.address(), PASSWORD);
        } while (answer.startsWith("a1 OK") && System.nanoTime() - changed < Duration.ofSeconds(1).toNanos());
        assertTrue(answer.startsWith("a1 NO [AUTHENTICATIONFAILED]"), "old password still opens after 1 s: " + answer);
        assertTrue(login("127.0.0.2", account.address(), "a-new-password-1").startsWith("a1 OK"));
    }

    @Test
    void disablingAnAccountEndsItsCachedLoginsWithinASecond() throws Exception {
        MailboxLookups.TestAccount account = MailboxLookups.freshAccount("disable");
        assertTrue(login("127.0.0.2", account.address(), PASSWORD).startsWith("a1 OK"));
        MailboxLookups.setDisabled(account.id(), true);
        long changed = System.nanoTime();
        String answer;
        do {
            answer = login("127.0.0.2", account.address(), PASSWORD);
        } while (answer.startsWith("a1 OK") && System.nanoTime() - changed < Duration.ofSeconds(1).toNanos());
        assertTrue(answer.startsWith("a1 NO [AUTHENTICATIONFAILED]"), "a disabled account still opens after 1 s: " + answer);
        MailboxLookups.setDisabled(account.id(), false);
        assertTrue(login("127.0.0.2", account.address(), PASSWORD).startsWith("a1 OK"));
    }
}

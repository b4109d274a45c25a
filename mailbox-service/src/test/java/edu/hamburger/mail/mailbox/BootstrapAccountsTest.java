package edu.hamburger.mail.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.mailbox.account.Account;
import edu.hamburger.mail.mailbox.account.PasswordHasher;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The configured demo accounts exist after start-up, with bcrypt hashes, never plain passwords. */
@QuarkusTest
class BootstrapAccountsTest {

    @Inject
    PasswordHasher hasher;

    @Test
    void demoAccountsExistWithHashedPasswords() throws Throwable {
        for (String local : new String[] {"alice", "bob"}) {
            Account account = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                    () -> Account.findByAddress(local + "@EXAMPLE.test")));
            assertNotNull(account, local + " should have been created");
            assertEquals(local + "@example.test", account.address);
            assertTrue(account.passwordHash.startsWith("$2"), "bcrypt hash expected");
            assertFalse(account.passwordHash.contains("secret"));
            assertTrue(hasher.matches("secret", account.passwordHash));
            assertFalse(hasher.matches("Secret", account.passwordHash));
        }
    }
}

package edu.hamburger.mail.smtp.protocol;

import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.core.api.RecipientLookup;
import edu.hamburger.mail.line.MessageMemory;
import edu.hamburger.mail.line.sasl.FailedLoginPolicy;
import edu.hamburger.mail.line.testing.ScriptedConnection;
import edu.hamburger.mail.smtp.transport.SmtpLineSession;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The SMTP protocol on the real line transport with in-memory ports: example.test has alice and
 * bob (password "secret") and user1, user2, ... (no password), the master user "webmail" (secret
 * "master-secret"), every other domain is remote, and the queue is a list (or fails, to
 * play a Kafka outage). Messages over 1,000 octets are too big, so limits are cheap to reach.
 */
final class InMemorySmtp {

    static final AccountRef ALICE = new AccountRef(1, "alice@example.test");
    static final AccountRef BOB = new AccountRef(2, "bob@example.test");
    static final int MAX_MESSAGE = 1000;

    final List<QueuedRecord> queued = new CopyOnWriteArrayList<>();
    volatile boolean queueDown;
    final SmtpProtocol protocol;
    /** Shared by every connection of this server, as in the gateway process: room for two full messages. */
    final MessageMemory memory = new MessageMemory(2 * MAX_MESSAGE);

    InMemorySmtp() {
        SmtpPolicy policy = new SmtpPolicy("example.test", "example.test", MAX_MESSAGE, 5, 10, 30,
                new FailedLoginPolicy(3, Duration.ZERO), false, new SmtpPolicy.RecipientTarpit(3, Duration.ofMillis(100), Duration.ofMillis(250)), true);
        protocol = new SmtpProtocol(policy, InMemorySmtp::recipient, InMemorySmtp::password, records -> {
            if (queueDown) {
                return Uni.createFrom().failure(new IllegalStateException("broker unavailable"));
            }
            queued.addAll(records);
            return Uni.createFrom().voidItem();
        }, new MasterUser("webmail", "master-secret"));
    }

    private static Uni<RecipientLookup> recipient(String address) {
        String lower = address.toLowerCase(Locale.ROOT);
        RecipientLookup lookup;
        if (!lower.endsWith("@example.test")) {
            lookup = new RecipientLookup(address, RecipientLookup.Status.NOT_LOCAL_DOMAIN, List.of());
        } else if (lower.equals(ALICE.address()) || lower.equals(BOB.address())) {
            lookup = new RecipientLookup(address, RecipientLookup.Status.LOCAL, List.of(lower.startsWith("alice") ? ALICE : BOB));
        } else if (lower.matches("user[0-9]+@example.test")) {
            lookup = new RecipientLookup(address, RecipientLookup.Status.LOCAL, List.of(new AccountRef(100 + lower.length(), lower)));
        } else {
            lookup = new RecipientLookup(address, RecipientLookup.Status.UNKNOWN_USER, List.of());
        }
        return Uni.createFrom().item(lookup);
    }

    private static Uni<AccountRef> password(String user, String password, String clientAddress) {
        if (password.equals("try-later")) { // the login policy's back-off, as mailbox-service answers it
            return Uni.createFrom().failure(new edu.hamburger.mail.core.api.StoreException(
                    edu.hamburger.mail.core.api.ErrorCode.TRY_LATER, "too many failed logins", java.time.Duration.ofSeconds(4)));
        }
        AccountRef account = user.equalsIgnoreCase(BOB.address()) ? BOB : user.equalsIgnoreCase(ALICE.address()) ? ALICE : null;
        return Uni.createFrom().item(account != null && password.equals("secret") ? account : null);
    }

    /** A connection to a listener, from a client that is not on loopback. */
    ScriptedConnection connect(Listener listener) {
        SmtpSession session = new SmtpSession(listener, "192.0.2.7", false, listener.implicitTls(), true, "smtp-test");
        return new ScriptedConnection(new SmtpLineSession(session, protocol,
                new SmtpLineSession.Limits(512, 12288, Duration.ofMinutes(5), Duration.ofMinutes(10), MAX_MESSAGE), memory));
    }
}

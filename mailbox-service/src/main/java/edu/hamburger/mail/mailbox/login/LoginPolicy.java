package edu.hamburger.mail.mailbox.login;

import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.core.api.AuthenticateRequest;
import edu.hamburger.mail.mailbox.account.PasswordHasher;
import edu.hamburger.mail.mailbox.login.LoginFailures.Count;
import edu.hamburger.mail.mailbox.login.LoginFailures.Keys;
import edu.hamburger.mail.mailbox.login.LoginFailures.Scope;
import edu.hamburger.mail.mailbox.store.MailboxException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The one authentication policy of the platform: every gateway's login (SMTP AUTH, IMAP, POP3,
 * the webmail) is decided here, in this order:
 * <ol>
 *   <li>back-off: too many recent failures for this (account, client network), or from this
 *       client network over all names, answer "later" at once, without hashing;</li>
 *   <li>the hash check, on {@link VerificationSlots} (bounded; a full queue is "later" too);</li>
 *   <li>the outcome is counted ({@link LoginFailures}, in PostgreSQL, so every replica agrees).</li>
 * </ol>
 * An attacker at one address never locks the owner out at another: the account-wide count only
 * takes away the free failures of other clients, it never refuses a right password.
 */
@ApplicationScoped
public class LoginPolicy {

    private static final Logger LOG = Logger.getLogger(LoginPolicy.class);
    /** How often a replica sweeps counts that left the window. */
    static final Duration SWEEP_INTERVAL = Duration.ofMinutes(5);
    static final int MAX_USERNAME = 320;
    static final int MAX_PASSWORD = 1024;
    /** Metric tags come only from this set: a caller cannot grow the registry. */
    static final java.util.Set<String> KNOWN_PROTOCOLS = java.util.Set.of("smtp", "imap", "pop3", "webmail", "managesieve");

    /** What the policy decided. */
    public sealed interface Verdict permits Accepted, Refused, Later {
    }

    public record Accepted(AccountRef account) implements Verdict {
    }

    /** Wrong name, wrong password or a disabled account: one answer for all three. */
    public record Refused() implements Verdict {
    }

    public record Later(Duration retryAfter) implements Verdict {
    }

    @Inject
    Pool pool;

    @Inject
    PasswordHasher hasher;

    @Inject
    LoginFailures failures;

    @Inject
    VerificationSlots slots;

    @Inject
    LoginSettings settings;

    @Inject
    MeterRegistry metrics;

    private final AtomicLong lastSweep = new AtomicLong();
    private Backoff backoff;
    /** A hash of a random password nobody knows, checked for unknown users: the same work, so timing tells nothing. */
    private String dummyHash;

    @PostConstruct
    void init() {
        backoff = new Backoff(settings.backoffInitial(), settings.backoffMax());
        dummyHash = hasher.hash(UUID.randomUUID().toString());
    }

    public Uni<Verdict> authenticate(AuthenticateRequest request, String defaultDomain) {
        String username = request.username();
        String password = request.password();
        if (username == null || password == null || username.isBlank() || username.length() > MAX_USERNAME
                || password.length() > MAX_PASSWORD) {
            return Uni.createFrom().item(count(new Refused(), request));
        }
        if (username.indexOf('\0') >= 0 || password.indexOf('\0') >= 0) {
            // the gateways refuse NUL at the edge; this keeps it from ever reaching a query
            throw MailboxException.badRequest("a user name or password cannot contain NUL");
        }
        String address = (username.indexOf('@') < 0 ? username + "@" + defaultDomain : username).trim().toLowerCase(Locale.ROOT);
        Keys keys = new Keys(address, ClientNetwork.of(request.clientAddress()));
        Instant now = Instant.now();
        return failures.counts(keys, settings.failureWindow()).chain(counts -> {
            Duration wait = wait(counts, now);
            if (!wait.isZero()) {
                return Uni.createFrom().item((Verdict) new Later(wait));
            }
            return check(keys, password, counts.containsKey(Scope.PAIR));
        }).map(verdict -> count(verdict, request));
    }

    /** How long this attempt must wait, from the counts of its pair and its client network. */
    Duration wait(Map<Scope, Count> counts, Instant now) {
        Duration wait = Duration.ZERO;
        Count account = counts.get(Scope.ACCOUNT);
        boolean underAttack = account != null && account.failures() >= settings.accountFailureLimit();
        Count pair = counts.get(Scope.PAIR);
        if (pair != null) {
            wait = backoff.remaining(pair.failures(), underAttack ? 1 : settings.failuresBeforeBackoff(), pair.lastFailure(), now);
        }
        Count client = counts.get(Scope.CLIENT);
        if (client != null) {
            Duration clientWait = backoff.remaining(client.failures(), settings.clientFailureLimit(), client.lastFailure(), now);
            wait = clientWait.compareTo(wait) > 0 ? clientWait : wait;
        }
        return wait.isZero() || wait.toMillis() >= 1000 ? wait : Duration.ofSeconds(1);
    }

    private Uni<Verdict> check(Keys keys, String password, boolean pairHasFailures) {
        return pool.preparedQuery("select id, address, password_hash, disabled from account where address = $1")
                .execute(Tuple.of(keys.account()))
                .chain(rows -> {
                    Row row = rows.size() == 0 ? null : rows.iterator().next();
                    String hash = row == null ? dummyHash : row.getString("password_hash");
                    return slots.run(() -> hasher.matches(password, hash)).chain(matches -> {
                        if (matches && row != null && !row.getBoolean("disabled")) {
                            AccountRef account = new AccountRef(row.getLong("id"), row.getString("address"));
                            Uni<Void> clear = pairHasFailures ? failures.succeeded(keys) : Uni.createFrom().voidItem();
                            return clear.chain(() -> upgrade(account, password, hash)).replaceWith((Verdict) new Accepted(account));
                        }
                        sweepNowAndThen();
                        return failures.fail(keys, settings.failureWindow()).replaceWith((Verdict) new Refused());
                    });
                })
                .onFailure(VerificationSlots.Busy.class).recoverWithItem(busy -> new Later(Duration.ofSeconds(1)));
    }

    /** A good login with a hash of another cost stores one of the configured cost (best effort). */
    private Uni<Void> upgrade(AccountRef account, String password, String oldHash) {
        if (!hasher.needsRehash(oldHash)) {
            return Uni.createFrom().voidItem();
        }
        return slots.run(() -> hasher.hash(password))
                .chain(newHash -> pool.preparedQuery("update account set password_hash = $1 where id = $2 and password_hash = $3")
                        .execute(Tuple.of(newHash, account.accountId(), oldHash)))
                .invoke(rows -> LOG.infof("password hash of account %d upgraded to the configured cost", account.accountId()))
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.debugf("hash upgrade of account %d postponed: %s", account.accountId(), e.toString()))
                .onFailure().recoverWithNull();
    }

    private void sweepNowAndThen() {
        long now = System.currentTimeMillis();
        long last = lastSweep.get();
        if (now - last > SWEEP_INTERVAL.toMillis() && lastSweep.compareAndSet(last, now)) {
            failures.forgetOlderThan(settings.failureWindow()).subscribe().with(
                    dropped -> LOG.debugf("%d old login failure counts dropped", dropped),
                    e -> LOG.debugf("sweeping login failures failed: %s", e.toString()));
        }
    }

    private Verdict count(Verdict verdict, AuthenticateRequest request) {
        String outcome = verdict instanceof Accepted ? "accepted" : verdict instanceof Refused ? "refused" : "deferred";
        String protocol = request.protocol() == null ? "" : request.protocol().toLowerCase(Locale.ROOT);
        metrics.counter("mail.auth.logins", "outcome", outcome,
                "protocol", KNOWN_PROTOCOLS.contains(protocol) ? protocol : "other").increment();
        return verdict;
    }
}

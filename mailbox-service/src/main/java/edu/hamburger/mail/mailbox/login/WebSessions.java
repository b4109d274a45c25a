package edu.hamburger.mail.mailbox.login;

import edu.hamburger.mail.core.api.AccountRef;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * The webmail's sessions, server-side (PostgreSQL), so that ending one ends it for every webmail
 * replica at once: the webmail asks here on every request. A token is 256 random bits; only its
 * SHA-256 is stored, so the table leaks no usable session.
 */
@ApplicationScoped
public class WebSessions {

    /** Longest session anyone may ask for (the webmail's default is 12 h). */
    static final Duration MAX_LIFETIME = Duration.ofDays(30);

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Pool pool;

    private final java.util.concurrent.atomic.AtomicLong lastSweep = new java.util.concurrent.atomic.AtomicLong();

    /** A new session of an existing, enabled account; null when there is no such account. */
    public Uni<String> start(long accountId, Duration lifetime) {
        sweepNowAndThen();
        Duration bounded = lifetime.compareTo(MAX_LIFETIME) > 0 ? MAX_LIFETIME : lifetime;
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return pool.preparedQuery("""
                        insert into web_session (token_hash, account_id, expires_at)
                        select $1, id, now() + make_interval(secs => $3) from account where id = $2 and not disabled""")
                .execute(Tuple.of(hash(token), accountId, (double) bounded.toSeconds()))
                .map(rows -> rows.rowCount() == 1 ? token : null);
    }

    /** The account of a live session (not expired, account not disabled), or null. */
    public Uni<AccountRef> find(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Uni.createFrom().nullItem();
        }
        return pool.preparedQuery("""
                        select a.id, a.address from web_session s join account a on a.id = s.account_id
                        where s.token_hash = $1 and s.expires_at > now() and not a.disabled""")
                .execute(Tuple.of(hash(token)))
                .map(rows -> {
                    for (Row row : rows) {
                        return new AccountRef(row.getLong("id"), row.getString("address"));
                    }
                    return null;
                });
    }

    /** Logout: this session ends. */
    public Uni<Void> end(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("delete from web_session where token_hash = $1").execute(Tuple.of(hash(token))).replaceWithVoid();
    }

    /** Password changed or account disabled: every session of the account ends. */
    public Uni<Integer> endAll(long accountId) {
        return pool.preparedQuery("delete from web_session where account_id = $1").execute(Tuple.of(accountId))
                .map(rows -> rows.rowCount());
    }

    /** Drops expired sessions now and then (at most every 5 minutes, riding on a sign-in). */
    private void sweepNowAndThen() {
        long now = System.currentTimeMillis();
        long last = lastSweep.get();
        if (now - last > LoginPolicy.SWEEP_INTERVAL.toMillis() && lastSweep.compareAndSet(last, now)) {
            pool.preparedQuery("delete from web_session where expires_at < now()").execute()
                    .subscribe().with(rows -> { }, e -> { });
        }
    }

    static io.vertx.core.buffer.Buffer hash(String token) {
        try {
            return io.vertx.core.buffer.Buffer.buffer(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

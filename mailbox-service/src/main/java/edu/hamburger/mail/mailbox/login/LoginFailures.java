package edu.hamburger.mail.mailbox.login;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;

/**
 * Failed-login counters in PostgreSQL (table {@code login_failure}), so that every replica of
 * mailbox-service, and so every gateway, sees the same counts. One row per scope and key; a
 * failure older than the window starts the count again.
 */
@ApplicationScoped
public class LoginFailures {

    /** What a count is kept for. */
    public enum Scope {
        ACCOUNT, CLIENT, PAIR;

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One counter: how many failures, the last one when. */
    public record Count(int failures, Instant lastFailure) {
    }

    /** The keys of one login attempt. */
    public record Keys(String account, String client) {
        String pair() {
            return account + " " + client;
        }

        String key(Scope scope) {
            return switch (scope) {
                case ACCOUNT -> account;
                case CLIENT -> client;
                case PAIR -> pair();
            };
        }
    }

    @Inject
    Pool pool;

    /** The live counters of this attempt's keys (absent scopes have none). */
    public Uni<Map<Scope, Count>> counts(Keys keys, Duration window) {
        return pool.preparedQuery("""
                        select scope, failures, last_failure_at from login_failure
                        where ((scope = 'account' and key = $1) or (scope = 'client' and key = $2) or (scope = 'pair' and key = $3))
                          and last_failure_at > now() - make_interval(secs => $4)""")
                .execute(Tuple.of(keys.account(), keys.client(), keys.pair(), (double) window.toSeconds()))
                .map(LoginFailures::read);
    }

    /** Counts one failure in every scope; a count whose last failure left the window restarts at 1. */
    public Uni<Map<Scope, Count>> fail(Keys keys, Duration window) {
        return pool.preparedQuery("""
                        insert into login_failure as f (scope, key, failures, last_failure_at)
                        values ('account', $1, 1, now()), ('client', $2, 1, now()), ('pair', $3, 1, now())
                        on conflict (scope, key) do update set
                          failures = case when f.last_failure_at > now() - make_interval(secs => $4) then f.failures + 1 else 1 end,
                          last_failure_at = now()
                        returning scope, failures, last_failure_at""")
                .execute(Tuple.of(keys.account(), keys.client(), keys.pair(), (double) window.toSeconds()))
                .map(LoginFailures::read);
    }

    private static Map<Scope, Count> read(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        Map<Scope, Count> counts = new EnumMap<>(Scope.class);
        for (Row row : rows) {
            counts.put(Scope.valueOf(row.getString("scope").toUpperCase(java.util.Locale.ROOT)),
                    new Count(row.getInteger("failures"), row.getOffsetDateTime("last_failure_at").toInstant()));
        }
        return counts;
    }

    /** A good login clears its (account, client) count; the account's and the client's stay. */
    public Uni<Void> succeeded(Keys keys) {
        return pool.preparedQuery("delete from login_failure where scope = 'pair' and key = $1")
                .execute(Tuple.of(keys.pair())).replaceWithVoid();
    }

    /** Drops counts older than the window; returns how many. */
    public Uni<Integer> forgetOlderThan(Duration window) {
        return pool.preparedQuery("delete from login_failure where last_failure_at < $1")
                .execute(Tuple.of(OffsetDateTime.now(ZoneOffset.UTC).minus(window)))
                .map(rows -> rows.rowCount());
    }
}

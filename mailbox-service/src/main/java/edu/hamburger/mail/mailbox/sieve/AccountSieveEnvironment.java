package edu.hamburger.mail.mailbox.sieve;

import edu.hamburger.mail.sieve.SieveEnvironment;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a script run may ask, for one account: its mailboxes (read before the run) and what
 * duplicate and vacation remember ({@code sieve_memory}). The interpreter is synchronous, so it
 * runs on a worker thread and this waits there for PostgreSQL; never on an event loop.
 * The memory is written outside the filing's transaction: a filing that rolls back and is
 * retried may see its own mark, so a vacation answer goes out at most once, never twice.
 */
final class AccountSieveEnvironment implements SieveEnvironment {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Pool pool;
    private final long accountId;
    private final Set<String> mailboxes = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    private final String separator;
    private final ZonedDateTime now = ZonedDateTime.now(ZoneId.systemDefault());

    AccountSieveEnvironment(Pool pool, long accountId, Set<String> mailboxes, String separator) {
        this.pool = pool;
        this.accountId = accountId;
        this.mailboxes.addAll(mailboxes);
        this.separator = separator;
    }

    @Override
    public boolean mailboxExists(String name) {
        return name.equalsIgnoreCase("INBOX") || mailboxes.contains(name);
    }

    @Override
    public boolean seenBefore(String handle, String id, long seconds, boolean last) {
        String boundedHandle = handle.length() > 300 ? handle.substring(0, 300) : handle;
        String boundedId = id.length() > 1000 ? id.substring(0, 1000) : id;
        // one statement: a row still within its time means "seen"; otherwise (re)start the period
        var rows = pool.preparedQuery("""
                        with previous as (
                            select seen_at, expires_at > now() as within from sieve_memory
                             where account_id = $1 and handle = $2 and id = $3
                        ), written as (
                            insert into sieve_memory (account_id, handle, id, seen_at, expires_at)
                            values ($1, $2, $3, now(), now() + make_interval(secs => $4))
                            on conflict (account_id, handle, id) do update
                               set seen_at = excluded.seen_at, expires_at = excluded.expires_at
                             where sieve_memory.expires_at <= now() or $5
                        )
                        select coalesce((select within from previous), false) as seen""")
                .execute(Tuple.of(accountId, boundedHandle, boundedId, (double) seconds, last))
                .await().atMost(WAIT);
        return rows.iterator().next().getBoolean("seen");
    }

    @Override
    public ZonedDateTime now() {
        return now;
    }

    @Override
    public String subaddressSeparator() {
        return separator;
    }
}

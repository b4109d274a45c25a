package edu.hamburger.mail.mailbox.report;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * What the daily aggregate reports (DMARC, RFC 7489; SMTP TLS, RFC 8460) share: counts kept per
 * UTC day and policy domain in {@code countTables}, one row per day and domain reported in
 * {@code sentTable} (day, policy_domain, report_id, recipients), a run every hour for the day
 * before, and counts older than {@value #KEEP_DAYS} days deleted. A report kind says only how
 * one domain's report is made and sent.
 */
public final class DailyReports {

    private static final Logger LOG = Logger.getLogger(DailyReports.class);
    /** Counts and sent rows older than this many days are deleted by the hourly run. */
    public static final int KEEP_DAYS = 31;

    private final Pool pool;
    private final String kind;
    private final List<String> countTables;
    private final String sentTable;

    /** @param countTables the first is the one whose policy domains are reported */
    public DailyReports(Pool pool, String kind, List<String> countTables, String sentTable) {
        this.pool = pool;
        this.kind = kind;
        this.countTables = List.copyOf(countTables);
        this.sentTable = sentTable;
    }

    /** Every hour (the first after {@code firstRun}): the old counts deleted, then {@code send} for yesterday. */
    public void hourly(Vertx vertx, Duration firstRun, java.util.function.Function<LocalDate, Uni<Integer>> send) {
        vertx.setPeriodic(firstRun.toMillis(), Duration.ofHours(1).toMillis(), id -> forget()
                .chain(() -> send.apply(LocalDate.now(ZoneOffset.UTC).minusDays(1)))
                .subscribe().with(sent -> {
                    if (sent > 0) {
                        LOG.infof("sent %d %s report(s)", sent, kind);
                    }
                }, e -> LOG.warnf("sending %s reports failed, next try in an hour: %s", kind, e.toString())));
    }

    /** Deletes what is older than {@link #KEEP_DAYS}: the counts of days long reported. */
    public Uni<Void> forget() {
        Tuple before = Tuple.of(LocalDate.now(ZoneOffset.UTC).minusDays(KEEP_DAYS));
        return pool.withTransaction(conn -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String table : countTables) {
                chain = chain.chain(() -> conn.preparedQuery("delete from " + table + " where day < $1").execute(before).replaceWithVoid());
            }
            return chain.chain(() -> conn.preparedQuery("delete from " + sentTable + " where day < $1").execute(before).replaceWithVoid());
        });
    }

    /** {@code sendOne} for each policy domain counted on {@code day} and not reported yet, one after the other; how many sent. */
    public Uni<Integer> forEachDomain(LocalDate day, BiFunction<LocalDate, String, Uni<Boolean>> sendOne) {
        return pool.preparedQuery("select distinct policy_domain from " + countTables.get(0) + " o where day = $1"
                        + " and not exists (select 1 from " + sentTable + " s where s.day = o.day and s.policy_domain = o.policy_domain)"
                        + " order by policy_domain")
                .execute(Tuple.of(day))
                .chain(domains -> {
                    Uni<Integer> chain = Uni.createFrom().item(0);
                    for (Row row : domains) {
                        String domain = row.getString("policy_domain");
                        chain = chain.chain(sent -> sendOne.apply(day, domain).map(one -> sent + (one ? 1 : 0)));
                    }
                    return chain;
                });
    }

    /** The day and domain are reported (to no one when {@code recipients} is 0), and not again. */
    public Uni<Void> recordSent(LocalDate day, String domain, String reportId, int recipients) {
        return pool.preparedQuery("insert into " + sentTable + " (day, policy_domain, report_id, recipients) values ($1, $2, $3, $4)"
                        + " on conflict do nothing")
                .execute(Tuple.of(day, domain, reportId, recipients)).replaceWithVoid();
    }
}

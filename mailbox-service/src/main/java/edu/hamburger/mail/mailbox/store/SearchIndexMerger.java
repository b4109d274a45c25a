package edu.hamburger.mail.mailbox.store;

import edu.hamburger.mail.mailbox.ServiceStopping;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Moves the search index's upkeep off the filing path. A message's index pieces go into the GIN
 * index's pending list when it is filed (a cheap append); merging that list into the index is
 * what costs (a second or more of the filing transaction that happens to fill it, measured in
 * bench/README.md "peers"). PostgreSQL merges it inside whichever insert finds the list over its
 * limit, or in autovacuum. This merges it from here instead, every
 * {@code mail.search.index-merge-interval}, on a connection of its own, so a filing transaction
 * only appends: the work is the same, but no filing waits for it. The index's limit (16 MB,
 * Flyway V23) is then only a backstop for when this falls behind or cannot run.
 *
 * <p>One replica merges at a time (a transaction advisory lock; the others skip that round).
 * {@code gin_clean_pending_list} needs the index's owner: a service whose database role does not
 * own the schema says so once and stops, and PostgreSQL merges inside inserts as before.
 */
@ApplicationScoped
public class SearchIndexMerger {

    private static final Logger LOG = Logger.getLogger(SearchIndexMerger.class);
    /** Skips a round if another replica is merging, then merges (or answers -1 when skipped). */
    private static final String MERGE = """
            select case when pg_try_advisory_xact_lock(hashtext('message_search_grams'))
                        then gin_clean_pending_list('message_search_grams'::regclass) else -1 end as pages""";
    private static final String NOT_OWNER = "42501";

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    ServiceStopping stopping;

    @ConfigProperty(name = "mail.search.index-merge-interval", defaultValue = "PT1S")
    Duration interval;

    private final Timer merges;
    private final Counter pagesMerged;

    public SearchIndexMerger(MeterRegistry registry) {
        merges = Timer.builder("mail.search.index.merge")
                .description("merging the search index's pending list into the index, outside filing").register(registry);
        pagesMerged = Counter.builder("mail.search.index.merged.pages")
                .description("pending-list pages of the search index merged outside filing").register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!interval.isZero() && !interval.isNegative()) {
            vertx.setTimer(interval.toMillis(), id -> next());
        }
    }

    private void next() {
        long started = System.nanoTime();
        mergeOnce().subscribe().with(pages -> {
            if (pages > 0) {
                merges.record(Duration.ofNanos(System.nanoTime() - started));
                pagesMerged.increment(pages);
            }
            if (!stopping.now()) {
                vertx.setTimer(interval.toMillis(), id -> next());
            }
        }, failure -> {
            if (stopping.now()) {
                return;
            }
            if (failure instanceof PgException pg && NOT_OWNER.equals(pg.getSqlState())) {
                LOG.warnf("the search index's pending list cannot be merged by this service's database role (%s): "
                        + "PostgreSQL merges it inside filing transactions instead", pg.getErrorMessage());
                return;
            }
            LOG.warnf("merging the search index's pending list failed, next try in a minute: %s", failure.toString());
            vertx.setTimer(Duration.ofMinutes(1).toMillis(), id -> next());
        });
    }

    /** Merges the pending list once: the pages merged, 0 when it was empty, -1 when another replica was merging. */
    public Uni<Long> mergeOnce() {
        return pool.query(MERGE).execute().map(rows -> rows.iterator().next().getLong("pages"));
    }
}

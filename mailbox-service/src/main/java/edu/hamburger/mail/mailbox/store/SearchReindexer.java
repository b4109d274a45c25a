package edu.hamburger.mail.mailbox.store;

import edu.hamburger.mail.core.reactive.OffLoop;
import edu.hamburger.mail.core.search.SearchGrams;
import edu.hamburger.mail.mailbox.ServiceStopping;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Brings messages whose search data is older than {@link SearchGrams#VERSION} up to date: those
 * stored before the search index (Flyway V15, marked {@code search_version = 0} by V17) get their
 * index pieces and the References THREAD reads, and every older message its decoded text as the
 * parser reads it now, folded (version 2, Flyway V18). It runs in the background after start, a batch at a time, each batch
 * in its own transaction that locks its rows with SKIP LOCKED (so replicas share the work and
 * never do a message twice), one message's bytes in memory at a time, with a pause between
 * batches so delivery keeps the database; it stops when none is left. Until a message is done
 * every search still finds it, by checking its text.
 */
@ApplicationScoped
public class SearchReindexer {

    private static final Logger LOG = Logger.getLogger(SearchReindexer.class);

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    ServiceStopping stopping;

    @Inject
    MessageContents contents;

    @ConfigProperty(name = "mail.search.reindex-batch", defaultValue = "50")
    int batch;

    @ConfigProperty(name = "mail.search.reindex-pause", defaultValue = "PT0.2S")
    Duration pause;

    @ConfigProperty(name = "mail.search.reindex-enabled", defaultValue = "true")
    boolean enabled;

    private long done;

    void start(@Observes StartupEvent event) {
        if (enabled) {
            vertx.setTimer(Duration.ofSeconds(10).toMillis(), id -> next());
        }
    }

    private void next() {
        runBatch().subscribe().with(count -> {
            if (count > 0) {
                if (done == 0) {
                    LOG.info("re-indexing messages with older search data, in the background");
                }
                done += count;
                if (!stopping.now()) {
                    vertx.setTimer(Math.max(1, pause.toMillis()), id -> next());
                }
            } else if (done > 0) {
                LOG.infof("search index complete: %d older messages re-indexed", done);
            }
        }, failure -> {
            if (stopping.now()) {
                return;
            }
            LOG.warnf("re-indexing older messages failed, next try in a minute: %s", failure.toString());
            vertx.setTimer(Duration.ofMinutes(1).toMillis(), id -> next());
        });
    }

    /** Re-indexes one batch; answers how many messages it did (0: none is left). */
    public Uni<Integer> runBatch() {
        return pool.withTransaction(conn -> conn
                .preparedQuery("select id from message where search_version < " + SearchGrams.VERSION // a constant: the partial index matches
                        + " order by id limit $1 for update skip locked")
                .execute(Tuple.of(batch))
                .chain(rows -> {
                    List<Long> ids = new ArrayList<>();
                    for (Row row : rows) {
                        ids.add(row.getLong("id"));
                    }
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return Multi.createFrom().iterable(ids)
                            .onItem().transformToUniAndConcatenate(id -> reindex(conn, id))
                            .collect().last().replaceWith(ids.size());
                }));
    }

    private Uni<Void> reindex(SqlConnection conn, long id) {
        return conn.preparedQuery("select raw from message where id = $1").execute(Tuple.of(id))
                .chain(rows -> {
                    byte[] raw = rows.iterator().next().getBuffer("raw").getBytes();
                    return OffLoop.compute(() -> parsedOrNull(raw, id));
                })
                .chain(message -> message == null
                        ? conn.preparedQuery("""
                                update message set header_text = lower(header_text), body_text = lower(body_text), search_version = $2
                                 where id = $1""").execute(Tuple.of(id, (short) SearchGrams.VERSION)).replaceWithVoid()
                        : contents.refreshSearch(conn, id, message));
    }

    /**
     * The message as the store reads it now, or null when it cannot be read: then it keeps its
     * pieces (or none, and is found by scanning) and only its text is folded, by PostgreSQL.
     */
    private static StoredMessage parsedOrNull(byte[] raw, long id) {
        try {
            return StoredMessage.of(raw);
        } catch (RuntimeException e) {
            LOG.warnf("message %d could not be re-parsed for search; its text is folded as stored: %s", id, e.toString());
            return null;
        }
    }
}

package edu.hamburger.mail.mailbox.resend;

import edu.hamburger.mail.mailbox.MailboxSettings;
import edu.hamburger.mail.core.api.ResendClaim;
import edu.hamburger.mail.core.record.Envelope;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Recognises a client's re-send after a lost 250: the first queue id that carries a
 * {@code ResendDigest} claims it (table {@code resend_claim}); another queue id with the same
 * digest, accepted by the gateway within {@code mail.resend-suppression.window} of the first, is
 * a re-send and is filed (or relayed) once only, as the first. The claim is made in the caller's
 * transaction, so it commits or rolls back with the filing, and the same queue id asking again
 * (a redelivered record) always finds itself the owner. The window is measured between the two
 * acceptance times, not at filing time, so a backlog never turns a re-send into a second copy.
 */
@ApplicationScoped
public class ResendClaims {

    @Inject
    MailboxSettings settings;

    private Duration window() {
        return settings.resendSuppression().window();
    }

    private static final Logger LOG = Logger.getLogger(ResendClaims.class);

    /** MAIL_RESEND_SUPPRESSION_WINDOW; 0 turns suppression off. */

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    void start(@Observes StartupEvent event) {
        if (enabled()) {
            vertx.setPeriodic(Duration.ofMinutes(3).toMillis(), Duration.ofHours(1).toMillis(), id -> forgetOld()
                    .subscribe().with(deleted -> LOG.debugf("%d old re-send claims deleted", deleted),
                            e -> LOG.warnf("deleting old re-send claims failed, next try in an hour: %s", e.toString())));
        }
    }

    public boolean enabled() {
        return !window().isZero() && !window().isNegative();
    }

    /**
     * Claims the digests of these envelopes (those that carry one) and answers which of them are
     * re-sends: queue id to the queue id of the first copy. Envelopes without a digest, and all of
     * them when suppression is off, are never re-sends.
     */
    public Uni<Map<String, String>> resends(SqlClient conn, List<Envelope> envelopes) {
        return resendsOf(conn, envelopes.stream().map(ResendClaim::of).filter(java.util.Objects::nonNull).toList());
    }

    private Uni<Map<String, String>> resendsOf(SqlClient conn, List<ResendClaim> claims) {
        List<ResendClaim> carrying = enabled()
                ? claims.stream().filter(c -> c.digest() != null && c.digest().length() == 64
                        && c.queueId() != null && c.receivedAt() != null).toList()
                : List.of();
        if (carrying.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        // one candidate per digest for the insert: the earliest accepted (a statement may not touch a
        // row twice); in digest order, so two transactions lock shared digests in the same order
        Map<String, ResendClaim> first = new java.util.TreeMap<>();
        carrying.stream().sorted(Comparator.comparing(ResendClaim::receivedAt).thenComparing(ResendClaim::queueId))
                .forEach(c -> first.putIfAbsent(c.digest(), c));
        String[] digests = first.keySet().toArray(String[]::new);
        String[] queueIds = first.values().stream().map(ResendClaim::queueId).toArray(String[]::new);
        OffsetDateTime[] times = first.values().stream().map(c -> c.receivedAt().atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new);
        // a claim older than the window is taken over: a message sent again much later is sent on purpose
        return conn.preparedQuery("""
                        insert into resend_claim (digest, queue_id, received_at)
                        select * from unnest($1::text[], $2::text[], $3::timestamptz[])
                        on conflict (digest) do update set queue_id = excluded.queue_id, received_at = excluded.received_at
                        where resend_claim.received_at < excluded.received_at - make_interval(secs => $4)""")
                .execute(Tuple.of(digests, queueIds, times, (double) window().toSeconds()))
                .chain(() -> conn.preparedQuery("select digest, queue_id, received_at from resend_claim where digest = any($1)")
                        .execute(Tuple.of(digests)))
                .map(rows -> {
                    Map<String, Row> owners = new HashMap<>();
                    rows.forEach(row -> owners.put(row.getString("digest"), row));
                    Map<String, String> resends = new HashMap<>();
                    for (ResendClaim claim : carrying) {
                        Row owner = owners.get(claim.digest());
                        if (owner == null || owner.getString("queue_id").equals(claim.queueId())) {
                            continue;
                        }
                        Instant ownerAccepted = owner.getOffsetDateTime("received_at").toInstant();
                        Duration apart = Duration.between(ownerAccepted, claim.receivedAt()).abs();
                        if (apart.compareTo(window()) <= 0) {
                            resends.put(claim.queueId(), owner.getString("queue_id"));
                        }
                    }
                    return resends;
                });
    }

    /** One envelope in a transaction of its own (a record filed alone): its first copy's queue id, or null. */
    public Uni<String> originalOf(Envelope envelope) {
        ResendClaim claim = ResendClaim.of(envelope);
        return claim == null ? Uni.createFrom().nullItem() : originalOf(claim);
    }

    /** One claim in a transaction of its own (the relay's question): the first copy's queue id, or null. */
    public Uni<String> originalOf(ResendClaim claim) {
        if (!enabled()) {
            return Uni.createFrom().nullItem();
        }
        return pool.withTransaction(conn -> resendsOf(conn, List.of(claim)))
                .map(resends -> resends.get(claim.queueId()));
    }

    Uni<Integer> forgetOld() {
        return pool.preparedQuery("delete from resend_claim where received_at < $1")
                .execute(Tuple.of(OffsetDateTime.now(ZoneOffset.UTC).minus(window()).minusDays(1)))
                .map(rows -> rows.rowCount());
    }
}

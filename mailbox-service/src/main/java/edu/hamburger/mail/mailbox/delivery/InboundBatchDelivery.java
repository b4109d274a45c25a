package edu.hamburger.mail.mailbox.delivery;

import edu.hamburger.mail.core.api.RecipientLookup;
import edu.hamburger.mail.core.event.DeliveryStatus;
import edu.hamburger.mail.core.reactive.OffLoop;
import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.mailbox.account.RecipientDirectory;
import edu.hamburger.mail.mailbox.resend.ResendClaims;
import edu.hamburger.mail.mailbox.sieve.SieveScripts;
import edu.hamburger.mail.mailbox.store.AccountRefusal;
import edu.hamburger.mail.mailbox.store.BatchAppender;
import edu.hamburger.mail.mailbox.store.ChangePublisher;
import edu.hamburger.mail.mailbox.store.MailboxException;
import edu.hamburger.mail.mailbox.store.MessageFlags;
import edu.hamburger.mail.mailbox.store.StoredMessage;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Files a batch of {@code mail.inbound} records in one PostgreSQL transaction with a fixed number
 * of round trips (decided pairs, target mailboxes, contents, quotas, UIDs, entries, markers),
 * then reports every outcome with the Kafka sends in flight together and publishes one change
 * event per mailbox. The guarantees of {@link InboundDelivery} hold: the (queue id, account)
 * marker commits with the copy, so a redelivered batch files nothing twice; the reports are
 * acknowledged before the batch is.
 *
 * <p>When a copy of the batch is refused (an account over quota, a missing INBOX) the whole
 * transaction rolls back. The refusing account's records are then filed one by one by
 * {@link InboundDelivery}, which gives each account its own transaction, and the runs of records
 * between them as batches again, in the batch's order: one full mailbox costs the others neither
 * their copies nor the batching (before, it sent every batch holding its mail down the one-by-one
 * path: filing at 4-9 ms of CPU per message instead of 0.7-1.5, bench/README.md "peers").
 */
@ApplicationScoped
public class InboundBatchDelivery {

    private static final Logger LOG = Logger.getLogger(InboundBatchDelivery.class);

    @Inject
    Pool pool;

    @Inject
    InboundDelivery single;

    @Inject
    RecipientDirectory directory;

    @Inject
    BatchAppender appender;

    @Inject
    ChangePublisher changes;

    @Inject
    DeliveryStatusPublisher statuses;

    @Inject
    ResendClaims resends;

    @Inject
    SieveScripts scripts;

    /**
     * Which of these (queue id, account) copies were decided before: one primary-key probe per pair,
     * forced by the lateral subquery whatever the planner's statistics say. Asked by queue id alone,
     * or as a plain join, a table never analyzed (autovacuum off, or not yet run) was guessed cheap
     * to scan, and every batch scanned it whole: a cost that grew with all mail ever filed.
     */
    static final String DECIDED_COPIES = """
            select c.queue_id, c.account_id from unnest($1::text[], $2::int8[]) as c(queue_id, account_id),
            lateral (select 1 from inbound_delivery d where d.queue_id = c.queue_id and d.account_id = c.account_id limit 1) filed""";

    /** A copy to file: which record, for whom, where. */
    private record Copy(MailRecord record, StoredMessage message, InboundDelivery.Target target) {
    }

    /** What the committed transaction did; {@code resent}: queue id of a re-send to that of its first copy. */
    private record Outcome(List<Copy> filed, BatchAppender.Appended appended, Map<String, String> resent) {
    }

    public Uni<Void> deliver(List<MailRecord> records) {
        if (records.size() == 1) {
            return single.deliver(records.get(0));
        }
        // MIME parsing and SHA-256 are CPU work: not on the consumer's event loop
        return OffLoop.compute(() -> records.stream().map(r -> StoredMessage.arriving(InboundDelivery.withReturnPath(r))).toList())
                .chain(messages -> resolve(records).chain(targets -> fileParsed(records, messages, targets)))
                .onFailure(MailboxException.class).recoverWithUni(refused -> {
                    LOG.debugf("batch of %d refused (%s): filing one by one", records.size(), refused.getMessage());
                    return oneByOne(records);
                });
    }

    private Uni<Void> fileParsed(List<MailRecord> records, List<StoredMessage> messages, List<List<InboundDelivery.Target>> targets) {
        return withRules(targets).chain(rules -> rules
                // an account with mail rules files each copy as its script says: one by one
                ? oneByOne(records, messages)
                : fileAll(records, messages, targets).onFailure(AccountRefusal.class)
                        .recoverWithUni(refusal -> withoutRefusing(records, messages, targets, (AccountRefusal) refusal)));
    }

    /**
     * After one account refused the batch: each record with a copy for it filed alone, the runs of
     * records between them as batches, one after another in the batch's order (another account
     * refusing a run splits that run the same way).
     */
    private Uni<Void> withoutRefusing(List<MailRecord> records, List<StoredMessage> messages,
                                      List<List<InboundDelivery.Target>> targets, AccountRefusal refusal) {
        LOG.debugf("batch of %d refused by account %d (%s): its records one by one, the others batched",
                records.size(), refusal.accountId(), refusal.getMessage());
        if (targets.stream().noneMatch(recordTargets -> names(recordTargets, refusal.accountId()))) {
            return oneByOne(records, messages); // not one of this batch's accounts: splitting would leave nothing out
        }
        Uni<Void> steps = Uni.createFrom().voidItem();
        int runStart = 0;
        for (int i = 0; i <= records.size(); i++) {
            boolean refusing = i < records.size() && names(targets.get(i), refusal.accountId());
            if (i == records.size() || refusing) {
                int from = runStart;
                int to = i;
                if (to > from) {
                    steps = steps.chain(() -> fileParsed(records.subList(from, to), messages.subList(from, to), targets.subList(from, to)));
                }
                if (refusing) {
                    MailRecord record = records.get(i);
                    StoredMessage message = messages.get(i);
                    steps = steps.chain(() -> single.deliver(record, message));
                }
                runStart = i + 1;
            }
        }
        return steps;
    }

    private static boolean names(List<InboundDelivery.Target> recordTargets, long accountId) {
        return recordTargets.stream().anyMatch(t -> t.account() != null && t.account().accountId() == accountId);
    }

    /** Whether any recipient of the batch has an active Sieve script. */
    private Uni<Boolean> withRules(List<List<InboundDelivery.Target>> targets) {
        Long[] accounts = targets.stream().flatMap(List::stream).filter(t -> t.account() != null)
                .map(t -> t.account().accountId()).distinct().toArray(Long[]::new);
        return accounts.length == 0 ? Uni.createFrom().item(false) : scripts.withActiveScript(accounts).map(found -> !found.isEmpty());
    }

    private Uni<Void> oneByOne(List<MailRecord> records) {
        return Multi.createFrom().iterable(records)
                .onItem().transformToUniAndConcatenate(single::deliver)
                .collect().last().replaceWithVoid();
    }

    /** One by one with the messages the batch parsed already. */
    private Uni<Void> oneByOne(List<MailRecord> records, List<StoredMessage> messages) {
        return Multi.createFrom().range(0, records.size())
                .onItem().transformToUniAndConcatenate(i -> single.deliver(records.get(i), messages.get(i)))
                .collect().last().replaceWithVoid();
    }

    /** The targets of every record, each address looked up once per batch. */
    private Uni<List<List<InboundDelivery.Target>>> resolve(List<MailRecord> records) {
        Map<String, RecipientLookup> seen = new HashMap<>();
        return Multi.createFrom().iterable(records)
                .onItem().transformToUniAndConcatenate(record -> InboundDelivery.resolveRecipients(record, address -> {
                    RecipientLookup known = seen.get(address);
                    return known != null ? Uni.createFrom().item(known) : directory.lookup(address).invoke(found -> seen.put(address, found));
                }))
                .collect().asList();
    }

    private Uni<Void> fileAll(List<MailRecord> records, List<StoredMessage> messages, List<List<InboundDelivery.Target>> targets) {
        return pool.withTransaction(conn -> resends.resends(conn, records.stream().map(MailRecord::envelope).toList())
                        .chain(resent -> undecided(conn, records, messages, targets, resent)
                                .chain(copies -> copies.isEmpty()
                                        ? Uni.createFrom().item(new Outcome(copies, null, resent))
                                        : place(conn, copies).map(appended -> new Outcome(copies, appended, resent)))))
                .chain(outcome -> report(records, targets, outcome));
    }

    /** The copies no earlier delivery of these records decided (a record may also appear twice in one batch). */
    private Uni<List<Copy>> undecided(SqlConnection conn, List<MailRecord> records, List<StoredMessage> messages,
                                      List<List<InboundDelivery.Target>> targets, Map<String, String> resent) {
        List<Copy> candidates = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (resent.containsKey(records.get(i).envelope().queueId())) {
                continue; // filed once already, as its first copy
            }
            for (InboundDelivery.Target target : targets.get(i)) {
                if (target.account() != null) {
                    candidates.add(new Copy(records.get(i), messages.get(i), target));
                }
            }
        }
        if (candidates.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String[] queueIds = candidates.stream().map(c -> c.record().envelope().queueId()).toArray(String[]::new);
        Long[] accountIds = candidates.stream().map(c -> c.target().account().accountId()).toArray(Long[]::new);
        return conn.preparedQuery(DECIDED_COPIES)
                .execute(Tuple.of(queueIds, accountIds))
                .map(rows -> {
                    Set<String> decided = new HashSet<>();
                    for (Row row : rows) {
                        decided.add(row.getString("queue_id") + " " + row.getLong("account_id"));
                    }
                    List<Copy> copies = new ArrayList<>();
                    for (Copy candidate : candidates) {
                        if (decided.add(candidate.record().envelope().queueId() + " " + candidate.target().account().accountId())) {
                            copies.add(candidate);
                        }
                    }
                    return copies;
                });
    }

    private Uni<BatchAppender.Appended> place(SqlConnection conn, List<Copy> copies) {
        Long[] accountIds = copies.stream().map(c -> c.target().account().accountId()).distinct().toArray(Long[]::new);
        return conn.preparedQuery("select account_id, name, id from mailbox where account_id = any($1) and name in ('INBOX', 'Junk')")
                .execute(Tuple.of(accountIds))
                .chain(rows -> {
                    Map<String, Long> mailboxIds = new HashMap<>();
                    for (Row row : rows) {
                        mailboxIds.put(row.getLong("account_id") + "/" + row.getString("name"), row.getLong("id"));
                    }
                    List<BatchAppender.Placement> placements = new ArrayList<>();
                    for (Copy copy : copies) {
                        long account = copy.target().account().accountId();
                        Long inbox = mailboxIds.get(account + "/INBOX");
                        Long junk = mailboxIds.get(account + "/Junk");
                        if (inbox == null) {
                            throw new AccountRefusal(account, MailboxException.notFound("INBOX of account " + account));
                        }
                        long mailbox = copy.record().envelope().junk() && junk != null ? junk : inbox;
                        placements.add(new BatchAppender.Placement(account, mailbox, copy.message(), MessageFlags.parse(List.of()),
                                copy.record().envelope().receivedAt()));
                    }
                    return appender.appendAll(conn, placements)
                            .call(appended -> markFiled(conn, copies, appended));
                });
    }

    private Uni<Void> markFiled(SqlConnection conn, List<Copy> copies, BatchAppender.Appended appended) {
        List<Tuple> markers = new ArrayList<>();
        for (int i = 0; i < copies.size(); i++) {
            markers.add(Tuple.of(copies.get(i).record().envelope().queueId(), copies.get(i).target().account().accountId(),
                    appended.results().get(i).mailboxId(), appended.results().get(i).uid()));
        }
        // no "on conflict": a concurrent delivery of the same record (a rebalance) fails this
        // transaction, and the retry finds its markers and files nothing twice
        return conn.preparedQuery("""
                        insert into inbound_delivery (queue_id, account_id, outcome, mailbox_id, uid)
                        values ($1, $2, 'filed', $3, $4)""")
                .executeBatch(markers).replaceWithVoid();
    }

    /** After the commit: every status report acknowledged (sent together), then one change event per mailbox. */
    private Uni<Void> report(List<MailRecord> records, List<List<InboundDelivery.Target>> targets, Outcome outcome) {
        List<DeliveryStatus> reports = new ArrayList<>();
        for (Copy copy : outcome.filed()) {
            reports.add(single.delivered(copy.record(), copy.target().recipient(), copy.target().account()));
        }
        for (int i = 0; i < records.size(); i++) {
            String original = outcome.resent().get(records.get(i).envelope().queueId());
            if (original != null) {
                reports.addAll(single.resendStatuses(records.get(i), original));
                continue;
            }
            for (InboundDelivery.Target target : targets.get(i)) {
                if (target.account() == null) {
                    reports.add(single.unknown(records.get(i), target.recipient()).failure());
                }
            }
        }
        Uni<Void> reported = reports.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(reports.stream().map(statuses::publish).toList()).andFailFast().replaceWithVoid();
        if (outcome.appended() == null) {
            return reported;
        }
        return reported.chain(() -> Uni.join().all(outcome.appended().changes().stream().map(changes::publish).toList())
                .andCollectFailures().replaceWithVoid());
    }

}

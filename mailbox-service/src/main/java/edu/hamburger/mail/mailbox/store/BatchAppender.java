package edu.hamburger.mail.mailbox.store;

import edu.hamburger.mail.core.api.AppendResult;
import edu.hamburger.mail.core.event.MailboxChange;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Appends messages to mailboxes inside the caller's transaction (one message through the API's
 * APPEND, many through batched inbound filing) with a fixed number of round trips, whatever the
 * count: contents (two), quota (one pipelined batch), UIDs (one),
 * entries (one). Account rows are locked before mailbox rows, each set in ascending id order, so
 * appends never deadlock with each other; a mailbox's new UIDs and modseqs ascend in the order
 * given.
 */
@ApplicationScoped
public class BatchAppender {

    /** One message to append to one mailbox. */
    public record Placement(long accountId, long mailboxId, StoredMessage message, MessageFlags.Parsed flags, Instant internalDate) {
    }

    /** Where each placement landed (same order) and one change event per mailbox, to publish after commit. */
    public record Appended(List<AppendResult> results, List<MailboxChange> changes) {
    }

    @Inject
    MessageContents contents;


    /**
     * Fails with {@link MailboxException} (over quota, no such mailbox) and appends nothing of the
     * batch when any placement cannot be made; the caller rolls back and decides one by one.
     */
    public Uni<Appended> appendAll(SqlConnection conn, List<Placement> placements) {
        Map<Long, Charge> chargeByAccount = new TreeMap<>();
        Map<Long, List<Integer>> byMailbox = new TreeMap<>();
        for (int i = 0; i < placements.size(); i++) {
            Placement p = placements.get(i);
            chargeByAccount.merge(p.accountId(), new Charge(p.message().raw().length, 1), Charge::plus);
            byMailbox.computeIfAbsent(p.mailboxId(), id -> new ArrayList<>()).add(i);
        }
        return contents.storeAll(conn, placements.stream().map(Placement::message).toList())
                .call(ids -> chargeQuotas(conn, chargeByAccount))
                .chain(ids -> allocateUids(conn, placements, byMailbox)
                        .chain(allocated -> insertEntries(conn, placements, ids, allocated)));
    }

    /** What placing messages costs an account: octets (STORAGE) and messages (MESSAGE, RFC 9208). */
    public record Charge(long bytes, long messages) {
        Charge plus(Charge other) {
            return new Charge(bytes + other.bytes, messages + other.messages);
        }
    }

    /**
     * Charges each account its octets and messages, refusing (over either quota, no such account)
     * before anything is charged past a quota.
     */
    Uni<Void> chargeQuotas(SqlConnection conn, Map<Long, Charge> chargeByAccount) {
        List<Tuple> charges = chargeByAccount.entrySet().stream()
                .map(e -> Tuple.of(e.getKey(), e.getValue().bytes(), e.getValue().messages())).toList();
        return conn.preparedQuery("""
                        update account set used_bytes = used_bytes + $2, used_messages = used_messages + $3
                         where id = $1 and used_bytes + $2 <= quota_bytes
                           and (quota_messages is null or used_messages + $3 <= quota_messages) returning id""")
                .executeBatch(charges)
                .chain(rows -> {
                    RowSet<Row> result = rows;
                    for (Tuple charge : charges) {
                        if (result.size() == 0) {
                            return refuseOverQuota(conn, charge.getLong(0), charge.getLong(1), charge.getLong(2));
                        }
                        result = result.next();
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    private static Uni<Void> refuseOverQuota(SqlConnection conn, long accountId, long size, long messages) {
        return conn.preparedQuery("select quota_bytes, used_bytes, quota_messages, used_messages from account where id = $1")
                .execute(Tuple.of(accountId))
                .map(account -> {
                    if (account.size() == 0) {
                        throw new AccountRefusal(accountId, MailboxException.notFound("account " + accountId));
                    }
                    Row row = account.iterator().next();
                    Long messageLimit = row.getLong("quota_messages");
                    if (messageLimit != null && row.getLong("used_messages") + messages > messageLimit) {
                        throw new AccountRefusal(accountId, MailboxException.overQuota("account " + accountId
                                + " is over its message quota (" + row.getLong("used_messages") + " + " + messages + " > "
                                + messageLimit + " messages)"));
                    }
                    throw new AccountRefusal(accountId, MailboxException.overQuota("account " + accountId + " is over quota ("
                            + row.getLong("used_bytes") + " + " + size + " > " + row.getLong("quota_bytes") + " octets)"));
                });
    }

    /** What a mailbox's row said after taking {@code count} UIDs and modseqs. */
    private record Allocation(long mailboxId, long accountId, String name, long firstUid, long firstModseq,
                              long uidValidity, long uidNext, long highestModseq) {
    }

    private Uni<Map<Long, Allocation>> allocateUids(SqlConnection conn, List<Placement> placements, Map<Long, List<Integer>> byMailbox) {
        List<Tuple> takes = new ArrayList<>();
        byMailbox.forEach((mailboxId, indexes) ->
                takes.add(Tuple.of(mailboxId, placements.get(indexes.get(0)).accountId(), (long) indexes.size())));
        return conn.preparedQuery("""
                        update mailbox set uid_next = uid_next + $3, highest_modseq = highest_modseq + $3
                         where id = $1 and account_id = $2 and uid_next + $3 <= 4294967296
                        returning uid_next - $3 as first_uid, highest_modseq - $3 + 1 as first_modseq,
                                  uid_validity, uid_next, highest_modseq, name""")
                .executeBatch(takes)
                .map(rows -> {
                    Map<Long, Allocation> allocated = new TreeMap<>();
                    RowSet<Row> result = rows;
                    for (Tuple take : takes) {
                        if (result.size() == 0) {
                            throw MailboxException.notFound("mailbox " + take.getLong(0));
                        }
                        Row row = result.iterator().next();
                        allocated.put(take.getLong(0), new Allocation(take.getLong(0), take.getLong(1), row.getString("name"),
                                row.getLong("first_uid"), row.getLong("first_modseq"), row.getLong("uid_validity"),
                                row.getLong("uid_next"), row.getLong("highest_modseq")));
                        result = result.next();
                    }
                    return allocated;
                });
    }

    private Uni<Appended> insertEntries(SqlConnection conn, List<Placement> placements, Map<ByteBuffer, Long> contentIds,
                                        Map<Long, Allocation> allocated) {
        Map<Long, Integer> takenInMailbox = new TreeMap<>();
        Map<Long, List<Long>> uidsByMailbox = new TreeMap<>();
        List<AppendResult> results = new ArrayList<>();
        List<Tuple> entries = new ArrayList<>();
        for (Placement p : placements) {
            Allocation a = allocated.get(p.mailboxId());
            int offset = takenInMailbox.merge(p.mailboxId(), 1, Integer::sum) - 1;
            long uid = a.firstUid() + offset;
            long modseq = a.firstModseq() + offset;
            uidsByMailbox.computeIfAbsent(p.mailboxId(), id -> new ArrayList<>()).add(uid);
            results.add(new AppendResult(p.mailboxId(), a.uidValidity(), uid, modseq));
            entries.add(Tuple.tuple().addLong(p.mailboxId()).addLong(uid)
                    .addLong(contentIds.get(ByteBuffer.wrap(p.message().sha256())))
                    .addShort((short) p.flags().bits()).addArrayOfString(p.flags().keywordArray())
                    .addLong(modseq).addOffsetDateTime(MessageContents.utc(p.internalDate())).addLong((long) p.message().raw().length));
        }
        Instant now = Instant.now();
        List<MailboxChange> changes = new ArrayList<>();
        uidsByMailbox.forEach((mailboxId, uids) -> {
            Allocation a = allocated.get(mailboxId);
            changes.add(new MailboxChange(a.accountId(), mailboxId, a.name(), MailboxChange.Kind.MESSAGES_ADDED, uids,
                    a.highestModseq(), a.uidNext(), now));
        });
        return conn.preparedQuery("""
                        insert into mailbox_entry (mailbox_id, uid, message_id, system_flags, keywords, modseq, internal_date, size)
                        values ($1, $2, $3, $4, $5, $6, $7, $8)""")
                .executeBatch(entries)
                .map(ignored -> new Appended(results, changes));
    }
}

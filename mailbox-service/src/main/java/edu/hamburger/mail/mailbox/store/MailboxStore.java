package edu.hamburger.mail.mailbox.store;

import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.api.MailboxInfo;
import edu.hamburger.mail.core.api.MailboxState;
import edu.hamburger.mail.core.api.RecentClaim;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * An account's mailboxes (folders). Every query names the account, so a mailbox id from another
 * account is simply not found: that is how one account never reaches another's mail.
 */
@ApplicationScoped
public class MailboxStore {

    static final int MAX_NAME_LENGTH = 1000;
    static final int MAX_DEPTH = 32;

    private static final String SELECT_INFO = """
            select b.id, b.name, b.special_use, b.uid_validity, b.uid_next, b.highest_modseq,
                   exists (select 1 from subscription s where s.account_id = b.account_id and s.name = b.name) as subscribed,
                   count(e.uid) as messages,
                   count(e.uid) filter (where e.system_flags & 1 = 0) as unseen,
                   coalesce(sum(e.size), 0) as size,
                   count(e.uid) filter (where e.uid >= b.first_recent_uid) as recent,
                   count(e.uid) filter (where e.system_flags & 8 <> 0) as deleted
              from mailbox b left join mailbox_entry e on e.mailbox_id = b.id
             where b.account_id = $1""";

    @Inject
    Pool pool;

    public Uni<List<MailboxInfo>> list(long accountId) {
        return pool.preparedQuery(SELECT_INFO + " group by b.id order by b.name = 'INBOX' desc, b.name")
                .execute(Tuple.of(accountId))
                .map(rows -> {
                    List<MailboxInfo> result = new ArrayList<>();
                    rows.forEach(row -> result.add(info(row)));
                    return result;
                });
    }

    public Uni<MailboxInfo> get(long accountId, long mailboxId) {
        return one(" and b.id = $2", Tuple.of(accountId, mailboxId), "mailbox " + mailboxId);
    }

    /** UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ from the mailbox row: one index lookup, however many messages. */
    public Uni<MailboxState> state(long accountId, long mailboxId) {
        return pool.preparedQuery("select uid_validity, uid_next, highest_modseq from mailbox where id = $1 and account_id = $2")
                .execute(Tuple.of(mailboxId, accountId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw MailboxException.notFound("mailbox " + mailboxId);
                    }
                    Row row = rows.iterator().next();
                    return new MailboxState(mailboxId, row.getLong(0), row.getLong(1), row.getLong(2));
                });
    }

    public Uni<MailboxInfo> getByName(long accountId, String name) {
        String canonical = canonicalName(name);
        return one(" and b.name = $2", Tuple.of(accountId, canonical), "mailbox " + canonical);
    }

    private Uni<MailboxInfo> one(String condition, Tuple params, String what) {
        return pool.preparedQuery(SELECT_INFO + condition + " group by b.id").execute(params)
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw MailboxException.notFound(what);
                    }
                    return info(rows.iterator().next());
                });
    }

    public Uni<MailboxInfo> create(long accountId, String requestedName) {
        String name = canonicalName(requestedName);
        return pool.withTransaction(conn -> conn
                        .preparedQuery("insert into mailbox (account_id, name) values ($1, $2) on conflict do nothing returning id")
                        .execute(Tuple.of(accountId, name))
                        .map(rows -> {
                            if (rows.size() == 0) {
                                throw MailboxException.conflict("mailbox " + name + " already exists");
                            }
                            return rows.iterator().next().getLong("id");
                        }))
                .chain(id -> get(accountId, id));
    }

    /**
     * RENAME: the mailbox and every mailbox below it move to the new name; UIDs and UIDVALIDITY
     * stay. INBOX cannot be renamed here (RFC 3501's move-the-messages rule is not built).
     */
    public Uni<MailboxInfo> rename(long accountId, long mailboxId, String requestedName) {
        String target = canonicalName(requestedName);
        return pool.withTransaction(conn -> conn
                        .preparedQuery("select name from mailbox where id = $1 and account_id = $2 for update")
                        .execute(Tuple.of(mailboxId, accountId))
                        .chain(rows -> {
                            if (rows.size() == 0) {
                                throw MailboxException.notFound("mailbox " + mailboxId);
                            }
                            String old = rows.iterator().next().getString("name");
                            if (old.equals(MailboxInfo.INBOX)) {
                                throw MailboxException.badRequest("renaming INBOX is not supported");
                            }
                            if (target.equals(old) || target.startsWith(old + "/")) {
                                throw MailboxException.badRequest("cannot rename " + old + " to itself or below itself");
                            }
                            // the subscriptions of the renamed mailboxes follow them, as in Dovecot
                            return conn.preparedQuery("""
                                            update mailbox set name = $3 || substr(name, length($2) + 1)
                                             where account_id = $1 and (name = $2 or left(name, length($2) + 1) = $2 || '/')""")
                                    .execute(Tuple.of(accountId, old, target))
                                    .chain(() -> conn.preparedQuery("""
                                            update subscription s set name = $3 || substr(s.name, length($2) + 1)
                                             where s.account_id = $1 and (s.name = $2 or left(s.name, length($2) + 1) = $2 || '/')
                                               and exists (select 1 from mailbox b where b.account_id = $1
                                                           and b.name = $3 || substr(s.name, length($2) + 1))
                                               and not exists (select 1 from subscription t where t.account_id = $1
                                                           and t.name = $3 || substr(s.name, length($2) + 1))""")
                                            .execute(Tuple.of(accountId, old, target)));
                        }))
                .onFailure(e -> e instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState()))
                .transform(e -> MailboxException.conflict("mailbox " + target + " already exists"))
                .chain(ignored -> get(accountId, mailboxId));
    }

    /**
     * DELETE: the mailbox and its messages (their octets leave the quota). INBOX cannot be deleted;
     * a mailbox with children must lose them first, as Dovecot asks.
     */
    public Uni<MailboxInfo> delete(long accountId, long mailboxId) {
        return get(accountId, mailboxId).chain(info -> {
            if (info.name().equals(MailboxInfo.INBOX)) {
                throw MailboxException.badRequest("INBOX cannot be deleted");
            }
            return pool.withTransaction(conn -> conn
                    .preparedQuery("select id from account where id = $1 for update").execute(Tuple.of(accountId))
                    .chain(() -> conn.preparedQuery(
                                    "select 1 from mailbox where account_id = $1 and left(name, length($2) + 1) = $2 || '/' limit 1")
                            .execute(Tuple.of(accountId, info.name())))
                    .chain(children -> {
                        if (children.size() > 0) {
                            throw new MailboxException(ErrorCode.HAS_CHILDREN, "mailbox " + info.name() + " has children: delete them first");
                        }
                        return conn.preparedQuery("""
                                        update account set used_bytes = greatest(used_bytes -
                                               (select coalesce(sum(size), 0) from mailbox_entry where mailbox_id = $2), 0),
                                               used_messages = greatest(used_messages -
                                               (select count(*) from mailbox_entry where mailbox_id = $2), 0)
                                         where id = $1""").execute(Tuple.of(accountId, mailboxId));
                    })
                    .chain(() -> conn.preparedQuery("delete from mailbox where id = $1 and account_id = $2")
                            .execute(Tuple.of(mailboxId, accountId)))
                    .replaceWith(info));
        });
    }

    /** Subscribes or unsubscribes the mailbox of that id (which must exist) by its name. */
    public Uni<MailboxInfo> subscribe(long accountId, long mailboxId, boolean subscribed) {
        return get(accountId, mailboxId)
                .chain(info -> subscribeName(accountId, info.name(), subscribed))
                .chain(() -> get(accountId, mailboxId));
    }

    /**
     * Adds a name to the account's subscriptions or takes it away. A name may be subscribed
     * whether or not a mailbox has it (RFC 3501 §6.3.6); unsubscribing a name not subscribed is harmless.
     */
    public Uni<Void> subscribeName(long accountId, String name, boolean subscribed) {
        String canonical = canonicalName(name);
        String sql = subscribed
                ? "insert into subscription (account_id, name) values ($1, $2) on conflict do nothing"
                : "delete from subscription where account_id = $1 and name = $2";
        return pool.preparedQuery(sql).execute(Tuple.of(accountId, canonical)).replaceWithVoid();
    }

    /** The account's subscribed names, mailboxes or not. */
    public Uni<List<String>> subscriptions(long accountId) {
        return pool.preparedQuery("select name from subscription where account_id = $1 order by name = 'INBOX' desc, name")
                .execute(Tuple.of(accountId))
                .map(rows -> {
                    List<String> names = new ArrayList<>();
                    rows.forEach(row -> names.add(row.getString("name")));
                    return names;
                });
    }

    /**
     * Claims the \Recent messages of a mailbox for one session (RFC 3501 §2.3.2: a message is
     * recent to one session only): every unclaimed UID below {@code upTo} and below uid_next.
     * Under the row lock, so two sessions never claim the same UID.
     */
    public Uni<RecentClaim> claimRecent(long accountId, long mailboxId, long upTo) {
        // most SELECTs find nothing new since the last one: a plain read answers them, without
        // the row lock and the commit's WAL flush an update (even of nothing) costs
        return peekRecent(accountId, mailboxId).chain(unclaimed -> Math.min(upTo, unclaimed.to()) <= unclaimed.from()
                ? Uni.createFrom().item(new RecentClaim(unclaimed.from(), unclaimed.from()))
                : claimUnderLock(accountId, mailboxId, upTo));
    }

    private Uni<RecentClaim> claimUnderLock(long accountId, long mailboxId, long upTo) {
        return recent("""
                update mailbox m set first_recent_uid = greatest(o.old, least($3, m.uid_next))
                  from (select id, first_recent_uid as old from mailbox
                         where id = $1 and account_id = $2 for update) o
                 where m.id = o.id
             returning o.old, m.first_recent_uid as claimed_to""", Tuple.of(mailboxId, accountId, upTo), mailboxId);
    }

    /** The messages recent to whoever selects the mailbox next, without claiming them (EXAMINE). */
    public Uni<RecentClaim> peekRecent(long accountId, long mailboxId) {
        return recent("select first_recent_uid as old, uid_next as claimed_to from mailbox where id = $1 and account_id = $2",
                Tuple.of(mailboxId, accountId), mailboxId);
    }

    private Uni<RecentClaim> recent(String sql, Tuple params, long mailboxId) {
        return pool.preparedQuery(sql).execute(params).map(rows -> {
            if (rows.size() == 0) {
                throw MailboxException.notFound("mailbox " + mailboxId);
            }
            Row row = rows.iterator().next();
            return new RecentClaim(row.getLong("old"), row.getLong("claimed_to"));
        });
    }

    /** The account's quota and what it uses (IMAP GETQUOTA, RFC 9208). */
    public Uni<edu.hamburger.mail.core.api.QuotaUsage> quota(long accountId) {
        return pool.preparedQuery("select used_bytes, quota_bytes, used_messages, quota_messages from account where id = $1")
                .execute(Tuple.of(accountId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw MailboxException.notFound("account " + accountId);
                    }
                    Row row = rows.iterator().next();
                    return new edu.hamburger.mail.core.api.QuotaUsage(row.getLong("used_bytes"), row.getLong("quota_bytes"),
                            row.getLong("used_messages"), row.getLong("quota_messages"));
                });
    }

    /** The id of a mailbox by name, or a 404. */
    public Uni<Long> idByName(SqlClient client, long accountId, String name) {
        return client.preparedQuery("select id from mailbox where account_id = $1 and name = $2")
                .execute(Tuple.of(accountId, canonicalName(name)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw MailboxException.notFound("mailbox " + name);
                    }
                    return rows.iterator().next().getLong("id");
                });
    }

    /**
     * The canonical form of a mailbox name: INBOX in any case is INBOX; no empty levels, no
     * leading or trailing delimiter, no control characters, bounded length and depth.
     */
    public static String canonicalName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw MailboxException.badRequest("a mailbox name must have 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (name.startsWith("/") || name.endsWith("/") || name.contains("//")) {
            throw MailboxException.badRequest("empty level in mailbox name " + name);
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || name.split("/").length > MAX_DEPTH) {
            throw MailboxException.badRequest("mailbox name not allowed: " + name);
        }
        if (name.equalsIgnoreCase(MailboxInfo.INBOX)) {
            return MailboxInfo.INBOX;
        }
        if (name.regionMatches(true, 0, "INBOX/", 0, 6)) {
            return MailboxInfo.INBOX + name.substring(5);
        }
        return name;
    }

    private static MailboxInfo info(Row row) {
        return new MailboxInfo(row.getLong("id"), row.getString("name"), row.getString("special_use"),
                row.getLong("uid_validity"), row.getLong("uid_next"), row.getLong("highest_modseq"),
                row.getBoolean("subscribed"), row.getLong("messages"), row.getLong("unseen"), row.getLong("size"),
                row.getLong("recent"), row.getLong("deleted"));
    }
}

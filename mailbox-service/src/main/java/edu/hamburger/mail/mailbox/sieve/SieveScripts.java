package edu.hamburger.mail.mailbox.sieve;

import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.api.SieveScriptInfo;
import edu.hamburger.mail.mailbox.MailboxSettings;
import edu.hamburger.mail.mailbox.store.MailboxException;
import edu.hamburger.mail.sieve.SieveScript;
import edu.hamburger.mail.sieve.SieveScriptException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An account's Sieve scripts (RFC 5804's model): named, at most one active, each compiled before
 * it is stored, so a stored script always compiles. Every statement names the account.
 */
@ApplicationScoped
public class SieveScripts {

    @Inject
    Pool pool;

    @Inject
    MailboxSettings settings;

    public Uni<List<SieveScriptInfo>> list(long accountId) {
        return pool.preparedQuery("select name, active, octet_length(content) as size from sieve_script where account_id = $1 order by name")
                .execute(Tuple.of(accountId))
                .map(rows -> {
                    List<SieveScriptInfo> scripts = new ArrayList<>();
                    for (Row row : rows) {
                        scripts.add(new SieveScriptInfo(row.getString("name"), row.getBoolean("active"), row.getInteger("size")));
                    }
                    return scripts;
                });
    }

    public Uni<String> content(long accountId, String name) {
        return pool.preparedQuery("select content from sieve_script where account_id = $1 and name = $2")
                .execute(Tuple.of(accountId, name))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw MailboxException.notFound("script '" + name + "'");
                    }
                    return rows.iterator().next().getString("content");
                });
    }

    /** CHECKSCRIPT: the script compiles here, or the error naming its line. */
    public SieveScript check(String content) {
        try {
            return SieveScript.compile(content, settings.sieve().limits());
        } catch (SieveScriptException e) {
            throw MailboxException.badRequest(e.describe());
        }
    }

    /** PUTSCRIPT: stores a script that compiles, replacing one of the same name (and staying active if it was). */
    public Uni<Void> put(long accountId, String name, String content) {
        checkName(name);
        check(content);
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        select count(*) filter (where name <> $2) as others from sieve_script where account_id = $1""")
                .execute(Tuple.of(accountId, name))
                .chain(rows -> {
                    if (rows.iterator().next().getLong("others") >= settings.sieve().maxScripts()) {
                        throw MailboxException.overQuota("an account keeps at most " + settings.sieve().maxScripts() + " scripts");
                    }
                    return conn.preparedQuery("""
                                    insert into sieve_script (account_id, name, content) values ($1, $2, $3)
                                    on conflict (account_id, name) do update set content = excluded.content, updated_at = now()""")
                            .execute(Tuple.of(accountId, name, content));
                })).replaceWithVoid();
    }

    /** HAVESPACE: whether a script of that name and size could be stored now. */
    public Uni<Void> haveSpace(long accountId, String name, long size) {
        checkName(name);
        if (size > settings.sieve().maxScriptBytes()) {
            throw MailboxException.overQuota("a script is at most " + settings.sieve().maxScriptBytes() + " octets");
        }
        return pool.preparedQuery("select count(*) filter (where name <> $2) as others from sieve_script where account_id = $1")
                .execute(Tuple.of(accountId, name))
                .map(rows -> {
                    if (rows.iterator().next().getLong("others") >= settings.sieve().maxScripts()) {
                        throw MailboxException.overQuota("an account keeps at most " + settings.sieve().maxScripts() + " scripts");
                    }
                    return null;
                });
    }

    /** DELETESCRIPT: the active script cannot be deleted (RFC 5804 §2.10); deactivate it first. */
    public Uni<Void> delete(long accountId, String name) {
        return pool.preparedQuery("delete from sieve_script where account_id = $1 and name = $2 and not active returning name")
                .execute(Tuple.of(accountId, name))
                .chain(rows -> rows.size() > 0 ? Uni.createFrom().voidItem() : exists(accountId, name).map(found -> {
                    throw found ? new MailboxException(ErrorCode.CONFLICT, "script '" + name + "' is active: deactivate it before deleting it")
                            : MailboxException.notFound("script '" + name + "'");
                }));
    }

    public Uni<Void> rename(long accountId, String name, String newName) {
        checkName(newName);
        return pool.withTransaction(conn -> conn.preparedQuery("select 1 from sieve_script where account_id = $1 and name = $2")
                .execute(Tuple.of(accountId, newName))
                .chain(taken -> {
                    if (taken.size() > 0) {
                        throw MailboxException.conflict("a script named '" + newName + "' exists");
                    }
                    return conn.preparedQuery("update sieve_script set name = $3, updated_at = now() where account_id = $1 and name = $2")
                            .execute(Tuple.of(accountId, name, newName));
                })
                .map(updated -> {
                    if (updated.rowCount() == 0) {
                        throw MailboxException.notFound("script '" + name + "'");
                    }
                    return null;
                }));
    }

    /** SETACTIVE: makes that script the one delivery runs; an empty name deactivates every script. */
    public Uni<Void> activate(long accountId, String name) {
        return pool.withTransaction(conn -> conn.preparedQuery("update sieve_script set active = false where account_id = $1 and active")
                .execute(Tuple.of(accountId))
                .chain(() -> name.isEmpty() ? Uni.createFrom().voidItem()
                        : conn.preparedQuery("update sieve_script set active = true where account_id = $1 and name = $2")
                                .execute(Tuple.of(accountId, name))
                                .map(updated -> {
                                    if (updated.rowCount() == 0) {
                                        throw MailboxException.notFound("script '" + name + "'");
                                    }
                                    return null;
                                })));
    }

    /** The active script of the account, if any, read in the caller's transaction. */
    public Uni<Optional<String>> active(SqlClient conn, long accountId) {
        return conn.preparedQuery("select content from sieve_script where account_id = $1 and active")
                .execute(Tuple.of(accountId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString("content")));
    }

    /** Which of these accounts have an active script: their mail is filed through Sieve. */
    public Uni<List<Long>> withActiveScript(Long[] accountIds) {
        return pool.preparedQuery("select account_id from sieve_script where account_id = any($1) and active")
                .execute(Tuple.of(accountIds))
                .map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    for (Row row : rows) {
                        ids.add(row.getLong("account_id"));
                    }
                    return ids;
                });
    }

    private Uni<Boolean> exists(long accountId, String name) {
        return pool.preparedQuery("select 1 from sieve_script where account_id = $1 and name = $2")
                .execute(Tuple.of(accountId, name)).map(rows -> rows.size() > 0);
    }

    /** RFC 5804 §1.6: a name is non-empty UTF-8 without control characters; 128 octets here. */
    static void checkName(String name) {
        if (name == null || name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > 128
                || name.codePoints().anyMatch(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029)) {
            throw MailboxException.badRequest("a script name is 1 to 128 octets of UTF-8 without control characters");
        }
    }
}

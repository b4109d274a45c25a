package edu.hamburger.mail.mailbox.sieve;

import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.address.SmtpPath;
import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.core.event.MailboxChange;
import edu.hamburger.mail.core.reactive.OffLoop;
import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.smtp.QueueId;
import edu.hamburger.mail.mailbox.MailboxSettings;
import edu.hamburger.mail.mailbox.report.ReportQueue;
import edu.hamburger.mail.mailbox.store.MailboxException;
import edu.hamburger.mail.mailbox.store.MailboxStore;
import edu.hamburger.mail.mailbox.store.MessageFlags;
import edu.hamburger.mail.mailbox.store.MessageStore;
import edu.hamburger.mail.mailbox.store.StoredMessage;
import edu.hamburger.mail.sieve.SieveAction;
import edu.hamburger.mail.sieve.SieveInterpreter;
import edu.hamburger.mail.sieve.SieveOutcome;
import edu.hamburger.mail.sieve.SieveScript;
import edu.hamburger.mail.sieve.SieveScriptException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Files one copy as its account's active Sieve script says, inside the filing's transaction:
 * keep and fileinto (creating the mailbox for :create) with the script's flags, discard, and
 * the messages Sieve sends (redirect, vacation, reject), queued on mail.outbound before the
 * transaction commits, so a crash repeats them rather than loses them. A script that fails, or
 * names a mailbox that does not exist, files into INBOX and says why in the delivery report.
 */
@ApplicationScoped
public class SieveFiling {

    private static final Logger LOG = Logger.getLogger(SieveFiling.class);

    @Inject
    Pool pool;

    @Inject
    SieveScripts scripts;

    @Inject
    MessageStore messages;

    @Inject
    ReportQueue outbound;

    @Inject
    MailboxSettings settings;

    /** What the rules did: the mailboxes the copy went to (first one for the delivery marker), and in words. */
    public record Filing(List<MessageStore.Appended> appended, String description) {

        public List<MailboxChange> changes() {
            return appended.stream().map(MessageStore.Appended::change).toList();
        }
    }

    /** Empty when the account has no active script: the caller files as usual. */
    public Uni<Optional<Filing>> file(SqlConnection conn, AccountRef account, String recipient, MailRecord record, StoredMessage message) {
        return scripts.active(conn, account.accountId()).chain(script -> script.isEmpty()
                ? Uni.createFrom().item(Optional.<Filing>empty())
                : mailboxNames(conn, account.accountId())
                        .chain(names -> OffLoop.compute(() -> run(script.get(), account, recipient, record, message, names)))
                        .chain(run -> carryOut(conn, account, record, message, run))
                        .map(Optional::of));
    }

    /** A run's outcome and the message as the script saw it. */
    private record Run(SieveOutcome outcome, DeliveredMessage seen) {
    }

    private Run run(String source, AccountRef account, String recipient, MailRecord record, StoredMessage message, Set<String> names) {
        SmtpPath path = record.envelope().reversePath();
        String sender = path.mailbox() == null ? "" : path.mailbox().toString();
        DeliveredMessage seen = new DeliveredMessage(message, sender, recipient);
        try {
            SieveScript script = SieveScript.compile(source, settings.sieve().limits());
            AccountSieveEnvironment environment = new AccountSieveEnvironment(pool, account.accountId(), names,
                    settings.subaddressSplit());
            return new Run(SieveInterpreter.run(script, seen, environment), seen);
        } catch (SieveScriptException e) {
            // stored scripts compile; a later, stricter limit may refuse one: INBOX, and why
            return new Run(new SieveOutcome(List.of(new SieveAction.Keep(Set.of())), Optional.of(e.describe())), seen);
        }
    }

    private Uni<Filing> carryOut(SqlConnection conn, AccountRef account, MailRecord record, StoredMessage message, Run run) {
        List<MessageStore.Appended> appended = new ArrayList<>();
        List<String> said = new ArrayList<>();
        run.outcome().error().ifPresent(error -> {
            said.add("Sieve failed (" + error + "): kept in INBOX");
            LOG.infof("queue id %s: the Sieve script of %s failed: %s", record.envelope().queueId(), account.address(), error);
        });
        Set<Long> filedIn = new HashSet<>();
        Uni<Void> steps = Uni.createFrom().voidItem();
        for (SieveAction action : run.outcome().actions()) {
            steps = steps.chain(() -> step(conn, account, record, message, run.seen(), action, appended, said, filedIn));
        }
        return steps.map(ignored -> new Filing(appended, said.isEmpty() ? "discarded by Sieve" : String.join("; ", said)));
    }

    private Uni<Void> step(SqlConnection conn, AccountRef account, MailRecord record, StoredMessage message, DeliveredMessage seen,
                           SieveAction action, List<MessageStore.Appended> appended, List<String> said, Set<Long> filedIn) {
        if (action instanceof SieveAction.Keep keep) {
            String inbox = record.envelope().junk() ? "Junk" : "INBOX";
            return store(conn, account, record, message, inbox, false, keep.flags(), appended, said, filedIn);
        }
        if (action instanceof SieveAction.FileInto into) {
            return store(conn, account, record, message, into.mailbox(), into.create(), into.flags(), appended, said, filedIn);
        }
        SmtpPath reversePath = record.envelope().reversePath();
        if (action instanceof SieveAction.Redirect redirect) {
            if (SieveReplies.redirectedBy(seen, account.address())) {
                said.add("not redirected to " + redirect.address() + " again (this account redirected it before): kept in INBOX");
                return store(conn, account, record, message, "INBOX", false, Set.of(), appended, said, filedIn);
            }
            said.add("redirected to " + redirect.address());
            return outbound.send(QueueId.next(), SmtpPath.of(MailAddress.parse(account.address())),
                    List.of(MailAddress.parse(redirect.address())), SieveReplies.redirected(record.message(), account.address()));
        }
        if (reversePath.mailbox() == null) {
            said.add("no " + (action instanceof SieveAction.Vacation ? "vacation answer" : "rejection notice") + " to the null sender");
            return Uni.createFrom().voidItem();
        }
        MailAddress sender = MailAddress.parse(seen.envelopeFrom());
        if (action instanceof SieveAction.Vacation vacation) {
            said.add("vacation answer to " + sender);
            return outbound.send(QueueId.next(), SmtpPath.NULL, List.of(sender),
                    SieveReplies.vacation(vacation, seen, account.address(), settings.domain()));
        }
        SieveAction.Reject reject = (SieveAction.Reject) action;
        said.add("rejected: " + reject.reason().strip());
        byte[] header = java.util.Arrays.copyOfRange(message.raw(), 0, Math.min(message.raw().length, message.parsed().body().bodyStart()));
        return outbound.send(QueueId.next(), SmtpPath.NULL, List.of(sender),
                SieveReplies.rejection(reject, seen, header, account.address(), settings.domain()));
    }

    private Uni<Void> store(SqlConnection conn, AccountRef account, MailRecord record, StoredMessage message, String name, boolean create,
                            Set<String> flags, List<MessageStore.Appended> appended, List<String> said, Set<Long> filedIn) {
        return mailboxId(conn, account.accountId(), name, create)
                .chain(found -> {
                    String where = found.isPresent() ? name : "INBOX";
                    if (found.isEmpty()) {
                        said.add("no mailbox '" + name + "': filed in INBOX");
                    }
                    Uni<Long> target = found.isPresent() ? Uni.createFrom().item(found.get()) : mailboxId(conn, account.accountId(), "INBOX", false)
                            .map(inbox -> inbox.orElseThrow(() -> MailboxException.notFound("INBOX of account " + account.accountId())));
                    return target.chain(id -> {
                        if (!filedIn.add(id)) {
                            return Uni.createFrom().voidItem();
                        }
                        return messages.appendIn(conn, account.accountId(), id, message, validFlags(flags), record.envelope().receivedAt())
                                .invoke(done -> {
                                    appended.add(done);
                                    said.add("filed in " + where);
                                })
                                .replaceWithVoid();
                    });
                });
    }

    private static Uni<Optional<Long>> mailboxId(SqlConnection conn, long accountId, String name, boolean create) {
        String canonical;
        try {
            canonical = MailboxStore.canonicalName(name);
        } catch (MailboxException e) {
            return Uni.createFrom().item(Optional.empty());
        }
        Uni<Optional<Long>> existing = conn.preparedQuery("select id from mailbox where account_id = $1 and name = $2")
                .execute(Tuple.of(accountId, canonical))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong("id")));
        if (!create) {
            return existing;
        }
        return existing.chain(found -> found.isPresent() ? Uni.createFrom().item(found)
                : conn.preparedQuery("insert into mailbox (account_id, name) values ($1, $2) on conflict do nothing returning id")
                        .execute(Tuple.of(accountId, canonical))
                        .chain(rows -> rows.size() > 0 ? Uni.createFrom().item(Optional.of(rows.iterator().next().getLong("id")))
                                : mailboxId(conn, accountId, canonical, false)));
    }

    private Uni<Set<String>> mailboxNames(SqlConnection conn, long accountId) {
        return conn.preparedQuery("select name from mailbox where account_id = $1").execute(Tuple.of(accountId))
                .map(rows -> {
                    Set<String> names = new HashSet<>();
                    for (Row row : rows) {
                        names.add(row.getString("name"));
                    }
                    return names;
                });
    }

    /** The flags IMAP can store; a script's "\Foo" or a keyword with spaces is left out rather than failing the copy. */
    private static MessageFlags.Parsed validFlags(Set<String> flags) {
        List<String> valid = new ArrayList<>();
        for (String flag : flags) {
            try {
                MessageFlags.parse(List.of(flag));
                valid.add(flag);
            } catch (IllegalArgumentException e) {
                LOG.debugf("Sieve flag %s is not an IMAP flag: left out", flag);
            }
        }
        return MessageFlags.parse(valid);
    }
}

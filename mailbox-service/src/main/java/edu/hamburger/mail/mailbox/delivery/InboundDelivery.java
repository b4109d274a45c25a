package edu.hamburger.mail.mailbox.delivery;

import edu.hamburger.mail.mailbox.MailboxSettings;
import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.reactive.OffLoop;
import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.core.api.RecipientLookup;
import edu.hamburger.mail.core.event.DeliveryStatus;
import edu.hamburger.mail.core.event.MailboxChange;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.mailbox.account.RecipientDirectory;
import edu.hamburger.mail.mailbox.store.ChangePublisher;
import edu.hamburger.mail.mailbox.store.MailboxException;
import edu.hamburger.mail.mailbox.store.MailboxStore;
import edu.hamburger.mail.mailbox.store.MessageFlags;
import edu.hamburger.mail.mailbox.store.MessageStore;
import edu.hamburger.mail.mailbox.store.StoredMessage;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import edu.hamburger.mail.mailbox.resend.ResendClaims;
import edu.hamburger.mail.mailbox.sieve.SieveFiling;
import org.jboss.logging.Logger;

/**
 * Files one {@code mail.inbound} record into the INBOX of every local recipient.
 *
 * <p>Each account gets its own transaction, so one recipient over quota never costs the others
 * their copies. A row in {@code inbound_delivery} per (queue id, account) is written in that same
 * transaction: a redelivered record finds it and files nothing twice. Failures are reported on
 * {@code mail.delivery.status} before they are recorded, so a crash in between repeats a report
 * rather than losing it. Change events go out after the commits.
 */
@ApplicationScoped
public class InboundDelivery {

    @Inject
    MailboxSettings settings;

    private static final Logger LOG = Logger.getLogger(InboundDelivery.class);

    /** What happened for one account. */
    record Filed(AccountRef account, String recipient, boolean newlyFiled, List<MailboxChange> changes, String where,
                 DeliveryStatus failure) {
    }

    @Inject
    Pool pool;

    @Inject
    RecipientDirectory directory;

    @Inject
    MailboxStore mailboxes;

    @Inject
    MessageStore messages;

    @Inject
    ChangePublisher changes;

    @Inject
    DeliveryStatusPublisher statuses;

    @Inject
    ResendClaims resends;

    @Inject
    SieveFiling sieve;

    public Uni<Void> deliver(MailRecord record) {
        // MIME parsing and SHA-256 of up to 32 MiB are CPU work: not on the consumer's event loop
        return unlessResent(record, () -> OffLoop.compute(() -> StoredMessage.arriving(withReturnPath(record)))
                .chain(message -> file(record, message)));
    }

    /** As {@link #deliver(MailRecord)}, the message parsed already (by a batch). */
    Uni<Void> deliver(MailRecord record, StoredMessage message) {
        return unlessResent(record, () -> file(record, message));
    }

    /** The filing, unless the record is a client's re-send of a message filed already (then reported as that). */
    private Uni<Void> unlessResent(MailRecord record, Supplier<Uni<Void>> filing) {
        return resends.originalOf(record.envelope()).chain(original -> original != null ? reportResend(record, original) : filing.get());
    }

    /**
     * A client's re-send of a message filed already as {@code original}: nothing is filed, and
     * every recipient is reported delivered (it was, once).
     */
    Uni<Void> reportResend(MailRecord record, String original) {
        return Uni.join().all(resendStatuses(record, original).stream().map(statuses::publish).toList())
                .andFailFast().replaceWithVoid();
    }

    /** The reports of a re-send (logged once here for both filing paths). */
    List<DeliveryStatus> resendStatuses(MailRecord record, String original) {
        LOG.infof("queue id %s: a re-send of %s (same Message-ID, sender, recipients and content), not filed again",
                record.envelope().queueId(), original);
        return record.envelope().recipients().stream().map(r -> status(record, r.address().toString(),
                DeliveryStatus.Outcome.DELIVERED, 250, "2.0.0", "a re-send of " + original + ", filed once as " + original)).toList();
    }

    private Uni<Void> file(MailRecord record, StoredMessage message) {
        String queueId = record.envelope().queueId();
        return resolveRecipients(record, directory::lookup).chain(targets -> Multi.createFrom().iterable(targets)
                        .onItem().transformToUniAndConcatenate(target -> target.account() == null
                                ? Uni.createFrom().item(unknown(record, target.recipient()))
                                : fileFor(record, target.account(), target.recipient(), message))
                        .collect().asList())
                .call(outcomes -> Multi.createFrom().iterable(outcomes)
                        .onItem().transformToUniAndConcatenate(outcome -> report(record, outcome))
                        .collect().asList())
                .invoke(outcomes -> LOG.debugf("queue id %s: %d recipient outcome(s)", queueId, outcomes.size()))
                .replaceWithVoid();
    }

    /** A recipient and the account it delivers to (null: no such user). */
    record Target(String recipient, AccountRef account) {
    }

    /** One target per distinct account (aliases may name an account twice), plus the unknown recipients. */
    static Uni<List<Target>> resolveRecipients(MailRecord record, Function<String, Uni<RecipientLookup>> lookups) {
        List<Target> targets = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (EnvelopeRecipient recipient : record.envelope().recipients()) {
            String address = recipient.address().toString();
            chain = chain.chain(() -> lookups.apply(address).invoke(lookup -> {
                if (lookup.status() != RecipientLookup.Status.LOCAL) {
                    targets.add(new Target(address, null));
                    return;
                }
                for (AccountRef account : lookup.accounts()) {
                    if (targets.stream().noneMatch(t -> t.account() != null && t.account().accountId() == account.accountId())) {
                        targets.add(new Target(address, account));
                    }
                }
            }).replaceWithVoid());
        }
        return chain.map(ignored -> targets);
    }

    /** INBOX, or Junk for mail the MX judged junk; INBOX when the account has removed its Junk mailbox. */
    private Uni<Long> target(SqlClient conn, AccountRef account, boolean junk) {
        Uni<Long> inbox = mailboxes.idByName(conn, account.accountId(), "INBOX");
        return junk ? mailboxes.idByName(conn, account.accountId(), "Junk").onFailure(MailboxException.class).recoverWithUni(() -> inbox) : inbox;
    }

    private Uni<Filed> fileFor(MailRecord record, AccountRef account, String recipient, StoredMessage message) {
        String queueId = record.envelope().queueId();
        return pool.withTransaction(conn -> conn.preparedQuery("""
                                insert into inbound_delivery (queue_id, account_id, outcome) values ($1, $2, 'filed')
                                on conflict do nothing returning queue_id""")
                        .execute(Tuple.of(queueId, account.accountId()))
                        .chain(marker -> {
                            if (marker.size() == 0) {
                                return Uni.createFrom().item(new Filed(account, recipient, false, List.of(), null, null));
                            }
                            return sieve.file(conn, account, recipient, record, message).chain(rules -> rules.isPresent()
                                    ? marked(conn, queueId, account, rules.get().appended())
                                            .map(ignored -> new Filed(account, recipient, true, rules.get().changes(),
                                                    rules.get().description(), null))
                                    : target(conn, account, record.envelope().junk())
                                            .chain(inbox -> messages.appendIn(conn, account.accountId(), inbox, message,
                                                    MessageFlags.parse(List.of()), record.envelope().receivedAt()))
                                            .call(appended -> marked(conn, queueId, account, List.of(appended)))
                                            .map(appended -> new Filed(account, recipient, true, List.of(appended.change()),
                                                    "filed in " + (record.envelope().junk() ? "Junk" : "INBOX"), null)));
                        }))
                .onFailure(MailboxException.class).recoverWithUni(failure -> {
                    MailboxException e = (MailboxException) failure;
                    Refusal refusal = Refusal.of(e.code());
                    DeliveryStatus status = status(record, recipient, DeliveryStatus.Outcome.FAILED,
                            refusal.code(), refusal.enhancedCode(), e.getMessage());
                    return Uni.createFrom().item(new Filed(account, recipient, true, List.of(), null, status));
                });
    }

    /**
     * What the sender hears when the store refuses a recipient's copy (RFC 3463): a full mailbox
     * is 5.2.2, a message larger than the store takes 5.3.4, a vanished account 5.1.1.
     */
    record Refusal(int code, String enhancedCode) {

        static Refusal of(ErrorCode error) {
            return switch (error) {
                case OVER_QUOTA -> new Refusal(552, "5.2.2");
                case MESSAGE_TOO_LARGE -> new Refusal(552, "5.3.4");
                case NOT_FOUND -> new Refusal(550, "5.1.1");
                default -> new Refusal(554, "5.3.0");
            };
        }
    }

    Filed unknown(MailRecord record, String recipient) {
        return new Filed(null, recipient, true, List.of(), null, status(record, recipient, DeliveryStatus.Outcome.FAILED,
                550, "5.1.1", "no such user here: " + recipient));
    }

    /** After the commit: the status report (durable before the offset is committed) and the change event. */
    private Uni<Void> report(MailRecord record, Filed outcome) {
        if (!outcome.newlyFiled()) {
            return Uni.createFrom().voidItem(); // decided by an earlier delivery of this record
        }
        if (outcome.failure() != null) {
            Uni<Void> sent = statuses.publish(outcome.failure());
            if (outcome.account() == null) {
                return sent;
            }
            return sent.chain(() -> pool.preparedQuery("""
                            insert into inbound_delivery (queue_id, account_id, outcome) values ($1, $2, 'failed')
                            on conflict do nothing""")
                    .execute(Tuple.of(record.envelope().queueId(), outcome.account().accountId())).replaceWithVoid());
        }
        return statuses.publish(delivered(record, outcome.recipient(), outcome.account(), outcome.where()))
                .chain(() -> Uni.join().all(outcome.changes().stream().map(changes::publish).toList()).andCollectFailures())
                .replaceWithVoid();
    }

    /** The first copy's place on the delivery marker (none when the rules discarded or only sent on). */
    private static Uni<Void> marked(SqlClient conn, String queueId, AccountRef account, List<MessageStore.Appended> appended) {
        if (appended.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("update inbound_delivery set mailbox_id = $3, uid = $4 where queue_id = $1 and account_id = $2")
                .execute(Tuple.of(queueId, account.accountId(), appended.get(0).result().mailboxId(), appended.get(0).result().uid()))
                .replaceWithVoid();
    }

    DeliveryStatus delivered(MailRecord record, String recipient, AccountRef account) {
        return delivered(record, recipient, account, "filed in " + (record.envelope().junk() ? "Junk" : "INBOX"));
    }

    private DeliveryStatus delivered(MailRecord record, String recipient, AccountRef account, String where) {
        return status(record, recipient, DeliveryStatus.Outcome.DELIVERED, 250, "2.0.0", where + " of " + account.address());
    }

    private DeliveryStatus status(MailRecord record, String recipient, DeliveryStatus.Outcome outcome,
                                  int code, String enhanced, String diagnostic) {
        return new DeliveryStatus(record.envelope().queueId(), recipient, record.envelope().reversePath().toString(),
                outcome, code, enhanced, diagnostic, "mailbox-service; " + settings.domain(), record.envelope().attempt(), Instant.now());
    }

    /** RFC 5321 §4.4: the final delivery adds Return-Path with the envelope's reverse-path. */
    static byte[] withReturnPath(MailRecord record) {
        byte[] header = ("Return-Path: " + record.envelope().reversePath() + "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] raw = new byte[header.length + record.message().length];
        System.arraycopy(header, 0, raw, 0, header.length);
        System.arraycopy(record.message(), 0, raw, header.length, record.message().length);
        return raw;
    }
}

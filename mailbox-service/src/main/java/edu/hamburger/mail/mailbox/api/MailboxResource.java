package edu.hamburger.mail.mailbox.api;

import edu.hamburger.mail.core.api.InternalApi;
import edu.hamburger.mail.core.api.MailboxInfo;
import edu.hamburger.mail.core.api.MailboxState;
import edu.hamburger.mail.core.api.MailboxName;
import edu.hamburger.mail.core.api.MailboxSnapshot;
import edu.hamburger.mail.core.api.RecentClaim;
import edu.hamburger.mail.core.api.Subscription;
import edu.hamburger.mail.core.event.MailboxChange;
import edu.hamburger.mail.mailbox.store.ChangePublisher;
import edu.hamburger.mail.mailbox.store.MailboxException;
import edu.hamburger.mail.mailbox.store.MailboxStore;
import edu.hamburger.mail.mailbox.store.MessageStore;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

/** An account's mailboxes. The account id comes from the gateway's authenticated session. */
@Path(InternalApi.BASE_PATH + "/accounts/{accountId}/mailboxes")
public class MailboxResource {

    /** The largest UID IMAP allows (RFC 3501: a 32-bit unsigned number). */
    private static final long MAX_UID = 4294967295L;

    @Inject
    MailboxStore mailboxes;

    @Inject
    MessageStore messages;

    @Inject
    ChangePublisher changes;

    @GET
    public Uni<List<MailboxInfo>> list(@PathParam("accountId") long accountId) {
        return mailboxes.list(accountId);
    }

    /** The account's quota (one quota root for all its mailboxes): octets, and messages where limited. */
    @GET
    @Path("/quota")
    public Uni<edu.hamburger.mail.core.api.QuotaUsage> quota(@PathParam("accountId") long accountId) {
        return mailboxes.quota(accountId);
    }

    @GET
    @Path("/{mailboxId}")
    public Uni<MailboxInfo> get(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId) {
        return mailboxes.get(accountId, mailboxId);
    }

    /** Only UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ: a selected session's "anything new?" (no counting). */
    @GET
    @Path("/{mailboxId}/state")
    public Uni<MailboxState> state(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId) {
        return mailboxes.state(accountId, mailboxId);
    }

    /** The mailbox of that name (IMAP SELECT names mailboxes, not ids). */
    @GET
    @Path("/by-name")
    public Uni<MailboxInfo> byName(@PathParam("accountId") long accountId, @QueryParam("name") String name) {
        if (name == null) {
            throw MailboxException.badRequest("name is required");
        }
        return mailboxes.getByName(accountId, name);
    }

    /** The mailbox of that name, the index of its messages and its \Recent ones, looked at only (IMAP EXAMINE). */
    @GET
    @Path("/by-name-index")
    public Uni<MailboxSnapshot> snapshotByName(@PathParam("accountId") long accountId, @QueryParam("name") String name) {
        return snapshot(accountId, name, false);
    }

    /** As the GET, and the \Recent messages become this caller's alone (IMAP SELECT, read-write). */
    @POST
    @Path("/by-name-index")
    public Uni<MailboxSnapshot> selectByName(@PathParam("accountId") long accountId, @QueryParam("name") String name) {
        return snapshot(accountId, name, true);
    }

    private Uni<MailboxSnapshot> snapshot(long accountId, String name, boolean claimRecent) {
        if (name == null) {
            throw MailboxException.badRequest("name is required");
        }
        // getByName answers only for the account's own mailboxes (404 otherwise), so the rest may follow
        // directly; the claim comes before the index, so every UID it claims is in the index
        return mailboxes.getByName(accountId, name).chain(info -> (claimRecent
                        ? mailboxes.claimRecent(accountId, info.id(), MAX_UID + 1)
                        : mailboxes.peekRecent(accountId, info.id()))
                .chain(recent -> messages.indexOfOwned(info.id()).map(index -> new MailboxSnapshot(info, index, recent))));
    }

    /** A selected IMAP session's claim on new messages: those below {@code upTo} nobody has seen as \Recent yet. */
    @POST
    @Path("/{mailboxId}/recent")
    public Uni<RecentClaim> claimRecent(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId,
                                        @QueryParam("upTo") long upTo) {
        return mailboxes.claimRecent(accountId, mailboxId, Math.min(upTo, MAX_UID + 1));
    }

    @POST
    @Path("/{mailboxId}/rename")
    public Uni<MailboxInfo> rename(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId,
                                   MailboxName request) {
        if (request == null) {
            throw MailboxException.badRequest("name is required");
        }
        return mailboxes.rename(accountId, mailboxId, request.name())
                .call(renamed -> changes.publish(event(accountId, renamed, MailboxChange.Kind.MAILBOX_RENAMED)));
    }

    @DELETE
    @Path("/{mailboxId}")
    public Uni<MailboxInfo> delete(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId) {
        return mailboxes.delete(accountId, mailboxId)
                .call(deleted -> changes.publish(event(accountId, deleted, MailboxChange.Kind.MAILBOX_DELETED)));
    }

    /** The account's subscriptions: names, whether or not a mailbox has the name (IMAP LSUB, LIST SUBSCRIBED). */
    @GET
    @Path("/subscriptions")
    public Uni<List<String>> subscriptions(@PathParam("accountId") long accountId) {
        return mailboxes.subscriptions(accountId);
    }

    /** IMAP SUBSCRIBE and UNSUBSCRIBE by name: an unsubscribe must work for a mailbox deleted since. */
    @POST
    @Path("/subscriptions")
    public Uni<Void> subscribeName(@PathParam("accountId") long accountId, @QueryParam("name") String name,
                                   Subscription request) {
        if (name == null || request == null) {
            throw MailboxException.badRequest("name and subscribed are required");
        }
        return mailboxes.subscribeName(accountId, name, request.subscribed());
    }

    @POST
    @Path("/{mailboxId}/subscription")
    public Uni<MailboxInfo> subscription(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId,
                                         Subscription request) {
        if (request == null) {
            throw MailboxException.badRequest("subscribed is required");
        }
        return mailboxes.subscribe(accountId, mailboxId, request.subscribed())
                .call(box -> changes.publish(event(accountId, box, MailboxChange.Kind.MAILBOX_SUBSCRIPTION_CHANGED)));
    }

    private static MailboxChange event(long accountId, MailboxInfo box, MailboxChange.Kind kind) {
        return new MailboxChange(accountId, box.id(), box.name(), kind, List.of(), box.highestModseq(), box.uidNext(), Instant.now());
    }

    @POST
    public Uni<RestResponse<MailboxInfo>> create(@PathParam("accountId") long accountId, MailboxName request) {
        if (request == null) {
            throw MailboxException.badRequest("name is required");
        }
        return mailboxes.create(accountId, request.name())
                .call(created -> changes.publish(event(accountId, created, MailboxChange.Kind.MAILBOX_CREATED)))
                .map(created -> RestResponse.status(RestResponse.Status.CREATED, created));
    }
}

package edu.hamburger.mail.mailbox.api;

import edu.hamburger.mail.core.api.InternalApi;
import edu.hamburger.mail.core.api.MailboxInfo;
import edu.hamburger.mail.core.event.MailboxChange;
import edu.hamburger.mail.mailbox.store.ChangePublisher;
import edu.hamburger.mail.mailbox.store.MailboxException;
import edu.hamburger.mail.mailbox.store.MailboxStore;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
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

    /** {@code POST} body: the name of the mailbox to create, '/' between levels. */
    public record CreateMailbox(String name) {
    }

    @Inject
    MailboxStore mailboxes;

    @Inject
    ChangePublisher changes;

    @GET
    public Uni<List<MailboxInfo>> list(@PathParam("accountId") long accountId) {
        return mailboxes.list(accountId);
    }

    @GET
    @Path("/{mailboxId}")
    public Uni<MailboxInfo> get(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId) {
        return mailboxes.get(accountId, mailboxId);
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

    @POST
    public Uni<RestResponse<MailboxInfo>> create(@PathParam("accountId") long accountId, CreateMailbox request) {
        if (request == null) {
            throw MailboxException.badRequest("name is required");
        }
        return mailboxes.create(accountId, request.name())
                .call(created -> changes.publish(new MailboxChange(accountId, created.id(), created.name(),
                        MailboxChange.Kind.MAILBOX_CREATED, List.of(), created.highestModseq(), created.uidNext(), Instant.now())))
                .map(created -> RestResponse.status(RestResponse.Status.CREATED, created));
    }
}

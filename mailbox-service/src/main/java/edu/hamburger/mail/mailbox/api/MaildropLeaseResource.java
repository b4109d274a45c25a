package edu.hamburger.mail.mailbox.api;

import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.api.InternalApi;
import edu.hamburger.mail.core.api.MailboxInfo;
import edu.hamburger.mail.core.api.MaildropLease;
import edu.hamburger.mail.core.api.MaildropListing;
import edu.hamburger.mail.mailbox.store.MailboxException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.OffsetDateTime;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The POP3 maildrop lock (RFC 1939 §8: "[IN-USE]") shared by every pop3-gateway replica: taking
 * the lease succeeds when it is free, expired, or already this holder's (renewal); otherwise 409.
 * A login takes it and lists INBOX in one call ({@code POST .../maildrop}): one round trip and two
 * queries instead of three round trips and four queries.
 */
@Path(InternalApi.BASE_PATH + "/accounts/{accountId}")
public class MaildropLeaseResource {

    static final int MAX_SECONDS = 3600;

    @Inject
    Pool pool;

    @POST
    @Path("maildrop-lease")
    public Uni<MaildropLease> take(@PathParam("accountId") long accountId, MaildropLease request) {
        if (request == null || request.holder() == null || request.holder().isBlank() || request.holder().length() > 200
                || request.seconds() < 1 || request.seconds() > MAX_SECONDS) {
            throw MailboxException.badRequest("holder (1-200 characters) and seconds (1-" + MAX_SECONDS + ") are required");
        }
        return pool.preparedQuery("""
                        insert into maildrop_lease (account_id, holder, expires_at)
                        select $1, $2, now() + make_interval(secs => $3) where exists (select 1 from account where id = $1)
                        on conflict (account_id) do update set holder = excluded.holder, expires_at = excluded.expires_at
                         where maildrop_lease.expires_at < now() or maildrop_lease.holder = excluded.holder
                        returning expires_at""")
                .execute(Tuple.of(accountId, request.holder(), (double) request.seconds()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new MailboxException(ErrorCode.IN_USE, "the maildrop is in use by another session");
                    }
                    OffsetDateTime expires = rows.iterator().next().getOffsetDateTime("expires_at");
                    return new MaildropLease(request.holder(), request.seconds(), expires.toInstant());
                });
    }

    /** The lease, then INBOX under it: its id, UIDVALIDITY, and each message's UID and size. */
    @POST
    @Path("maildrop")
    public Uni<MaildropListing> open(@PathParam("accountId") long accountId, MaildropLease request) {
        return take(accountId, request).chain(lease -> pool.preparedQuery("""
                        select b.id, b.uid_validity, e.uid, e.size
                          from mailbox b left join mailbox_entry e on e.mailbox_id = b.id
                         where b.account_id = $1 and b.name = $2
                         order by e.uid""")
                .execute(Tuple.of(accountId, MailboxInfo.INBOX))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw MailboxException.notFound("mailbox " + MailboxInfo.INBOX);
                    }
                    long mailboxId = 0;
                    long uidValidity = 0;
                    long[] uids = new long[rows.size()];
                    long[] sizes = new long[rows.size()];
                    int count = 0;
                    for (Row row : rows) {
                        mailboxId = row.getLong(0);
                        uidValidity = row.getLong(1);
                        if (row.getValue(2) != null) { // an empty INBOX is one row without an entry
                            uids[count] = row.getLong(2);
                            sizes[count] = row.getLong(3);
                            count++;
                        }
                    }
                    return new MaildropListing(mailboxId, uidValidity, java.util.Arrays.copyOf(uids, count),
                            java.util.Arrays.copyOf(sizes, count));
                }));
    }

    @DELETE
    @Path("maildrop-lease")
    public Uni<RestResponse<Void>> release(@PathParam("accountId") long accountId, @QueryParam("holder") String holder) {
        return pool.preparedQuery("delete from maildrop_lease where account_id = $1 and holder = $2")
                .execute(Tuple.of(accountId, holder == null ? "" : holder))
                .map(rows -> RestResponse.noContent());
    }
}

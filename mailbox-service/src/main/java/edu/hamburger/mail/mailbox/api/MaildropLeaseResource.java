package edu.hamburger.mail.mailbox.api;

import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.api.InternalApi;
import edu.hamburger.mail.core.api.MaildropLease;
import edu.hamburger.mail.mailbox.store.MailboxException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
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
 */
@Path(InternalApi.BASE_PATH + "/accounts/{accountId}/maildrop-lease")
public class MaildropLeaseResource {

    static final int MAX_SECONDS = 3600;

    @Inject
    Pool pool;

    @POST
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

    @DELETE
    public Uni<RestResponse<Void>> release(@PathParam("accountId") long accountId, @QueryParam("holder") String holder) {
        return pool.preparedQuery("delete from maildrop_lease where account_id = $1 and holder = $2")
                .execute(Tuple.of(accountId, holder == null ? "" : holder))
                .map(rows -> RestResponse.noContent());
    }
}

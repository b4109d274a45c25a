package edu.hamburger.mail.mailbox.api;

import edu.hamburger.mail.mailbox.MailboxSettings;
import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.api.AuthenticateRequest;
import edu.hamburger.mail.core.api.InternalApi;
import edu.hamburger.mail.core.api.RecipientLookup;
import edu.hamburger.mail.mailbox.account.RecipientDirectory;
import edu.hamburger.mail.mailbox.login.LoginPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/** Identity: password checks for the gateways' logins, and recipient lookup for SMTP's RCPT TO. */
@Path(InternalApi.BASE_PATH)
public class IdentityResource {

    @Inject
    MailboxSettings settings;

    @Inject
    RecipientDirectory directory;

    @Inject
    LoginPolicy policy;

    /**
     * 200 with the account; 401 for an unknown user, a wrong password or a disabled account alike;
     * 429 with Retry-After while the login policy makes this client wait (no hash computed).
     */
    @POST
    @Path("/auth")
    public Uni<Response> authenticate(AuthenticateRequest request) {
        if (request == null) {
            return Uni.createFrom().item(ApiExceptionMapper.error(ErrorCode.INVALID, "username and password are required"));
        }
        return policy.authenticate(request, settings.domain()).map(verdict -> {
            if (verdict instanceof LoginPolicy.Accepted accepted) {
                return Response.ok(accepted.account()).build();
            }
            if (verdict instanceof LoginPolicy.Later later) {
                return Response.fromResponse(ApiExceptionMapper.error(ErrorCode.TRY_LATER, "too many failed logins or checks; try later"))
                        .header("Retry-After", Math.max(1, (later.retryAfter().toMillis() + 999) / 1000)).build(); // rounded up
            }
            return ApiExceptionMapper.error(ErrorCode.UNAUTHENTICATED, "wrong user name or password");
        });
    }

    @GET
    @Path("/recipients/{address}")
    public Uni<RecipientLookup> lookup(@PathParam("address") String address) {
        return directory.lookup(address);
    }
}

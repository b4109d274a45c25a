package edu.hamburger.mail.mailbox.api;

import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.api.AuthenticateRequest;
import edu.hamburger.mail.core.api.InternalApi;
import edu.hamburger.mail.core.api.RecipientLookup;
import edu.hamburger.mail.mailbox.account.RecipientDirectory;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Identity: password checks for the gateways' logins, and recipient lookup for SMTP's RCPT TO. */
@Path(InternalApi.BASE_PATH)
public class IdentityResource {

    @Inject
    RecipientDirectory directory;

    @ConfigProperty(name = "mail.domain")
    String domain;

    /** 200 with the account, or 401: the same answer for an unknown user and a wrong password. */
    @POST
    @Path("/auth")
    public Uni<Response> authenticate(AuthenticateRequest request) {
        if (request == null) {
            return Uni.createFrom().item(ApiExceptionMapper.error(ErrorCode.INVALID, "username and password are required"));
        }
        return directory.authenticate(request.username(), request.password(), domain)
                .map(account -> account == null
                        ? ApiExceptionMapper.error(ErrorCode.UNAUTHENTICATED, "wrong user name or password")
                        : Response.ok(account).build());
    }

    @GET
    @Path("/recipients/{address}")
    public Uni<RecipientLookup> lookup(@PathParam("address") String address) {
        return directory.lookup(address);
    }
}

package edu.hamburger.mail.mailbox.client;

import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.core.api.AuthenticateRequest;
import edu.hamburger.mail.core.api.RecipientLookup;
import edu.hamburger.mail.core.api.ServicePing;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * mailbox-service's internal REST API ({@code /api/v1}) as the gateways and the webmail see it.
 * Every call carries the internal service token ({@link InternalTokenHeaders}). The base URL is
 * {@code mail.mailbox-api.url} (environment {@code MAIL_MAILBOX_API_URL}).
 */
@Path("/api/v1")
@RegisterRestClient(configKey = "mailbox-api")
@RegisterClientHeaders(InternalTokenHeaders.class)
@Produces(MediaType.APPLICATION_JSON)
public interface MailboxApi {

    /** Answers only when the service is up and accepts this caller's token. */
    @GET
    @Path("/ping")
    Uni<ServicePing> ping();

    /** What this deployment does with mail for an address. */
    @GET
    @Path("/recipients/{address}")
    Uni<RecipientLookup> recipient(@PathParam("address") String address);

    /**
     * The account these credentials open. A wrong password fails the Uni with a
     * {@code WebApplicationException} of status 401; see {@link MailboxAccounts#authenticate}.
     */
    @POST
    @Path("/auth")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<AccountRef> authenticate(AuthenticateRequest credentials);
}

package edu.hamburger.mail.mailbox.client;

import edu.hamburger.mail.core.api.ServicePing;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
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
}

package edu.hamburger.mail.webmail.api;

import edu.hamburger.mail.core.api.Identity;
import edu.hamburger.mail.webmail.session.SignedIn;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The addresses the signed-in account writes as (its own first, then its aliases), each with the
 * display name that goes in From: and the signature compose puts under a new message.
 */
@Path("/api/v1/identities")
@Tag(name = "settings")
@Produces(MediaType.APPLICATION_JSON)
public class IdentitiesResource {

    @Inject
    MailStore store;

    @Inject
    SignedIn signedIn;

    @GET
    @Operation(summary = "The account's addresses with their display names and signatures")
    public Uni<List<Identity>> list() {
        return store.api().identities(signedIn.accountId());
    }

    @PUT
    @Path("/{address}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Save the display name and signature of one of the account's addresses")
    public Uni<Identity> save(@PathParam("address") String address, Identity identity) {
        return store.api().saveIdentity(signedIn.accountId(), address, identity);
    }
}

package edu.hamburger.mail.mailbox.api;

import edu.hamburger.mail.core.api.Identity;
import edu.hamburger.mail.core.api.InternalApi;
import edu.hamburger.mail.mailbox.account.IdentitySettings;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The addresses an account writes as, with the display name and signature of each (the webmail's settings). */
@Path(InternalApi.BASE_PATH + "/accounts/{accountId}/identities")
public class IdentitySettingsResource {

    @Inject
    IdentitySettings identities;

    @GET
    public Uni<List<Identity>> list(@PathParam("accountId") long accountId) {
        return identities.list(accountId);
    }

    @PUT
    @Path("/{address}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Identity> save(@PathParam("accountId") long accountId, @PathParam("address") String address, Identity identity) {
        return identities.save(accountId, address, identity);
    }
}

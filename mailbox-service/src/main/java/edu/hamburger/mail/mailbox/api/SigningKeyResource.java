package edu.hamburger.mail.mailbox.api;

import edu.hamburger.mail.core.api.DkimSigningKey;
import edu.hamburger.mail.core.api.InternalApi;
import edu.hamburger.mail.mailbox.dkim.DkimKeyring;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import java.util.Locale;

/** The relay's question before it sends: which keys sign mail of this domain? Sealed keys only. */
@Path(InternalApi.BASE_PATH + "/dkim/signing-keys")
public class SigningKeyResource {

    @Inject
    DkimKeyring keyring;

    /** The domain's active keys; an empty list for a domain without keys or one not ours. */
    @GET
    @Path("/{domain}")
    public Uni<List<DkimSigningKey>> signingKeys(@PathParam("domain") String domain) {
        return Panache.withSession(() -> keyring.signingKeys(domain.toLowerCase(Locale.ROOT)));
    }
}

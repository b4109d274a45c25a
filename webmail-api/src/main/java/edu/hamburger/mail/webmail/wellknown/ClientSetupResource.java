package edu.hamburger.mail.webmail.wellknown;

import edu.hamburger.mail.core.address.MailAddress;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/**
 * Thunderbird's autoconfig, served to anyone (it says only where the servers are), at the URL
 * clients try on https://autoconfig.&lt;domain&gt;/mail/config-v1.1.xml?emailaddress=... (the
 * domain's own /.well-known/autoconfig/mail/config-v1.1.xml is {@link WellKnownAutoconfigResource}).
 * Addresses of other domains get 404: this deployment answers only for its own.
 */
@Path("/mail/config-v1.1.xml")
public class ClientSetupResource {

    static final String XML = "application/xml; charset=utf-8";

    @Inject
    ClientSetupSettings settings;

    @GET
    public Response autoconfig(@QueryParam("emailaddress") String address) {
        MailClientEndpoints endpoints = settings.endpoints();
        if (address != null && !address.isBlank() && !ours(address, endpoints)) {
            return Response.status(404).build();
        }
        return Response.ok(ClientSetupDocuments.thunderbird(endpoints), XML).header("Cache-Control", "public, max-age=3600").build();
    }

    static boolean ours(String address, MailClientEndpoints endpoints) {
        try {
            return MailAddress.parse(address.trim()).domainKey().equals(endpoints.domain().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

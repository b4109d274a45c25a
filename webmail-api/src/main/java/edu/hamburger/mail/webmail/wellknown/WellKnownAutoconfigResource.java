package edu.hamburger.mail.webmail.wellknown;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** Thunderbird's autoconfig at the mail domain's own https://&lt;domain&gt;/.well-known/autoconfig/mail/config-v1.1.xml. */
@Path("/.well-known/autoconfig/mail/config-v1.1.xml")
public class WellKnownAutoconfigResource {

    @Inject
    ClientSetupResource autoconfig;

    @GET
    public Response autoconfig(@QueryParam("emailaddress") String address) {
        return autoconfig.autoconfig(address);
    }
}

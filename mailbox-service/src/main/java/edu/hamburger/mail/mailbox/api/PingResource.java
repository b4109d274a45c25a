package edu.hamburger.mail.mailbox.api;

import edu.hamburger.mail.core.api.InternalApi;
import edu.hamburger.mail.core.api.ServicePing;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The gateways' readiness probe of this API: answers only past the token filter. */
@Path(InternalApi.BASE_PATH + "/ping")
public class PingResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ServicePing ping() {
        return new ServicePing("mailbox-service", InternalApi.VERSION);
    }
}

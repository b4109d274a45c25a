package edu.hamburger.mail.webmail.wellknown;

import edu.hamburger.mail.webmail.session.SignedIn;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The Apple configuration profile of the signed-in user: opened on an iPhone or a Mac, it sets up
 * Mail with this deployment's servers (the webmail's settings link to it). Only for the user's
 * own address, so it needs a session like the rest of /api/v1.
 */
@Path("/api/v1/client-setup")
@Tag(name = "client setup")
public class AppleProfileResource {

    /** What iOS and macOS open as a profile to install. */
    static final String MOBILECONFIG = "application/x-apple-aspen-config";

    @Inject
    ClientSetupSettings settings;

    @Inject
    SignedIn signedIn;

    @GET
    @Path("/apple.mobileconfig")
    @Operation(summary = "An Apple configuration profile (.mobileconfig) that sets up Mail for the signed-in user")
    public Response appleProfile() {
        MailClientEndpoints endpoints = settings.endpoints();
        String address = signedIn.session().address();
        return Response.ok(ClientSetupDocuments.appleProfile(endpoints, address), MOBILECONFIG)
                .header("Content-Disposition", "attachment; filename=\"" + endpoints.domain() + ".mobileconfig\"")
                .header("Cache-Control", "private, no-store")
                .build();
    }
}

package edu.hamburger.mail.webmail.wellknown;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Microsoft's Autodiscover (POX) at https://autodiscover.&lt;domain&gt;/autodiscover/autodiscover.xml;
 * Outlook writes the path capitalised, others in lower case: both are served. The request is read
 * up to {@value ClientSetupDocuments#MAX_AUTODISCOVER_REQUEST} bytes, and never by an XML parser.
 */
@Path("/{folder: [Aa]utodiscover}/{file: [Aa]utodiscover\\.xml}")
public class AutodiscoverResource {

    @Inject
    ClientSetupSettings settings;

    @POST
    @Consumes({"text/xml", "application/xml", "*/*"})
    public Response autodiscover(InputStream body) throws IOException {
        byte[] request = body.readNBytes(ClientSetupDocuments.MAX_AUTODISCOVER_REQUEST + 1);
        if (request.length > ClientSetupDocuments.MAX_AUTODISCOVER_REQUEST) {
            return Response.status(413).build();
        }
        String address = ClientSetupDocuments.autodiscoverAddress(new String(request, StandardCharsets.UTF_8));
        if (address == null) {
            return Response.status(400).entity("no EMailAddress in the Autodiscover request").type("text/plain").build();
        }
        MailClientEndpoints endpoints = settings.endpoints();
        if (!ClientSetupResource.ours(address, endpoints)) {
            return Response.status(404).build();
        }
        return Response.ok(ClientSetupDocuments.autodiscover(endpoints, address), ClientSetupResource.XML).build();
    }
}

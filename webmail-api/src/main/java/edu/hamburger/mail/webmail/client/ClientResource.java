package edu.hamburger.mail.webmail.client;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Serves the web client: the page (never cached, it names this release's assets), the scripts
 * and styles under their content version (cached for a year, immutable), and the icons.
 */
@Path("/")
public class ClientResource {

    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    @Inject
    ClientFiles client;

    @GET
    @Operation(hidden = true)
    public Response page() {
        return Response.ok(client.index(), "text/html; charset=utf-8").header("Cache-Control", "no-cache").build();
    }

    @GET
    @Path("index.html")
    @Operation(hidden = true)
    public Response indexPage() {
        return page();
    }

    /**
     * An asset of this release, or, asked for under an older version (a page loaded before an
     * upgrade, or served by a replica not yet upgraded), today's file, which is then not kept.
     */
    @GET
    @Path("assets/{version}/{file}")
    @Operation(hidden = true)
    public Response asset(@PathParam("version") String version, @PathParam("file") String name) {
        if (!ClientFiles.ASSETS.contains(name)) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        return Response.ok(client.file(name), ClientFiles.contentType(name))
                .header("Cache-Control", client.version().equals(version) ? IMMUTABLE : "no-cache").build();
    }

    @GET
    @Path("{icon: favicon\\.(svg|ico)}")
    @Operation(hidden = true)
    public Response icon(@PathParam("icon") String name) {
        return Response.ok(client.file(name), ClientFiles.contentType(name)).header("Cache-Control", "public, max-age=86400").build();
    }
}

package edu.hamburger.mail.mailbox.api;

import edu.hamburger.mail.core.api.InternalApi;
import edu.hamburger.mail.core.api.SieveScriptInfo;
import edu.hamburger.mail.mailbox.sieve.SieveScripts;
import edu.hamburger.mail.sieve.SieveScript;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * An account's Sieve scripts: what ManageSieve (RFC 5804) and the webmail's rules page ask. A
 * script that does not compile is refused with 400 and the error's line ("line 3: ...").
 */
@Path(InternalApi.BASE_PATH + "/accounts/{accountId}/sieve")
public class SieveResource {

    @Inject
    SieveScripts scripts;

    /** The extensions scripts may require (ManageSieve's SIEVE capability). */
    @GET
    @Path("/extensions")
    public List<String> extensions() {
        return SieveScript.supportedExtensions();
    }

    @GET
    @Path("/scripts")
    public Uni<List<SieveScriptInfo>> list(@PathParam("accountId") long accountId) {
        return scripts.list(accountId);
    }

    @GET
    @Path("/scripts/{name}")
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<String> get(@PathParam("accountId") long accountId, @PathParam("name") String name) {
        return scripts.content(accountId, name);
    }

    @PUT
    @Path("/scripts/{name}")
    @Consumes(MediaType.TEXT_PLAIN)
    public Uni<Void> put(@PathParam("accountId") long accountId, @PathParam("name") String name, String content) {
        return scripts.put(accountId, name, content);
    }

    @DELETE
    @Path("/scripts/{name}")
    public Uni<Void> delete(@PathParam("accountId") long accountId, @PathParam("name") String name) {
        return scripts.delete(accountId, name);
    }

    @POST
    @Path("/scripts/{name}/rename")
    public Uni<Void> rename(@PathParam("accountId") long accountId, @PathParam("name") String name, @QueryParam("to") String newName) {
        return scripts.rename(accountId, name, newName);
    }

    /** The name of the script to make active; an empty body deactivates. */
    @PUT
    @Path("/active")
    @Consumes(MediaType.TEXT_PLAIN)
    public Uni<Void> activate(@PathParam("accountId") long accountId, String name) {
        return scripts.activate(accountId, name == null ? "" : name.trim());
    }

    /** CHECKSCRIPT: 204 when it compiles, else 400 with the error's line. */
    @POST
    @Path("/check")
    @Consumes(MediaType.TEXT_PLAIN)
    public void check(@PathParam("accountId") long accountId, String content) {
        scripts.check(content == null ? "" : content);
    }

    /** HAVESPACE: 204, or 507 (OVER_QUOTA) with why. */
    @GET
    @Path("/space")
    public Uni<Void> haveSpace(@PathParam("accountId") long accountId, @QueryParam("name") String name, @QueryParam("size") long size) {
        return scripts.haveSpace(accountId, name, size);
    }
}

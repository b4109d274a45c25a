package edu.hamburger.mail.mailbox.api;

import edu.hamburger.mail.core.api.Contact;
import edu.hamburger.mail.core.api.InternalApi;
import edu.hamburger.mail.mailbox.account.ContactBook;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** An account's address book (the webmail's contacts). */
@Path(InternalApi.BASE_PATH + "/accounts/{accountId}/contacts")
public class ContactResource {

    @Inject
    ContactBook contacts;

    @GET
    public Uni<List<Contact>> list(@PathParam("accountId") long accountId) {
        return contacts.list(accountId);
    }

    @PUT
    @Path("/{address}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Contact> save(@PathParam("accountId") long accountId, @PathParam("address") String address, Contact contact) {
        return contacts.save(accountId, address, contact);
    }

    @DELETE
    @Path("/{address}")
    public Uni<Void> delete(@PathParam("accountId") long accountId, @PathParam("address") String address) {
        return contacts.delete(accountId, address);
    }
}

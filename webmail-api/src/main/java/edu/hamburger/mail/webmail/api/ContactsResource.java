package edu.hamburger.mail.webmail.api;

import edu.hamburger.mail.core.api.Contact;
import edu.hamburger.mail.webmail.session.SignedIn;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The signed-in account's address book, kept by mailbox-service; its people are suggested first while writing. */
@Path("/api/v1/contacts")
@Tag(name = "settings")
@Produces(MediaType.APPLICATION_JSON)
public class ContactsResource {

    @Inject
    MailStore store;

    @Inject
    SignedIn signedIn;

    @GET
    @Operation(summary = "The address book, by name")
    public Uni<List<Contact>> list() {
        return store.api().contacts(signedIn.accountId());
    }

    @PUT
    @Path("/{address}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a contact, or rename the one with this address")
    public Uni<Contact> save(@PathParam("address") String address, Contact contact) {
        return store.api().saveContact(signedIn.accountId(), address, contact);
    }

    @DELETE
    @Path("/{address}")
    @Operation(summary = "Remove a contact")
    public Uni<Void> delete(@PathParam("address") String address) {
        return store.api().deleteContact(signedIn.accountId(), address);
    }
}

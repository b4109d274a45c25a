package edu.hamburger.mail.webmail.api;

import edu.hamburger.mail.core.api.MailboxInfo;
import edu.hamburger.mail.core.api.MailboxName;
import edu.hamburger.mail.webmail.session.SignedIn;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The signed-in user's folders (IMAP mailboxes; "/" separates levels). */
@Path("/api/v1/folders")
@Tag(name = "folders")
@Produces(MediaType.APPLICATION_JSON)
public class FolderResource {

    /** Where the special folders go in the list: the order every mail client uses. */
    private static final Map<String, Integer> ROLE_ORDER = Map.of("inbox", 0, "drafts", 1, "sent", 2, "archive", 3, "junk", 4, "trash", 5);

    @Inject
    MailStore store;

    @Inject
    SignedIn signedIn;

    /**
     * @param role inbox, sent, drafts, trash, junk, archive, or null for a folder of the user's own
     */
    public record Folder(long id, String name, String role, long total, long unread, boolean subscribed) {
        static Folder of(MailboxInfo info) {
            String role = MailboxInfo.INBOX.equalsIgnoreCase(info.name()) ? "inbox"
                    : info.specialUse() == null ? null : info.specialUse().substring(1).toLowerCase(java.util.Locale.ROOT);
            return new Folder(info.id(), info.name(), role, info.messages(), info.unseen(), info.subscribed());
        }
    }

    public record FolderName(String name) {
    }

    @GET
    @Operation(summary = "Folders with message and unread counts, special folders first")
    public Uni<List<Folder>> list() {
        return store.api().mailboxes(signedIn.accountId()).map(all -> all.stream().map(Folder::of)
                .sorted(Comparator.comparing((Folder f) -> f.role() == null ? 99 : ROLE_ORDER.getOrDefault(f.role(), 50))
                        .thenComparing(Folder::name, String.CASE_INSENSITIVE_ORDER))
                .toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a folder")
    public Uni<Response> create(FolderName name) {
        return store.api().createMailbox(signedIn.accountId(), new MailboxName(validName(name)))
                .map(created -> Response.status(Response.Status.CREATED).entity(Folder.of(created)).build());
    }

    @PUT
    @Path("/{folderId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rename a folder")
    public Uni<Folder> rename(@PathParam("folderId") long folderId, FolderName name) {
        return store.api().renameMailbox(signedIn.accountId(), folderId, new MailboxName(validName(name))).map(Folder::of);
    }

    @DELETE
    @Path("/{folderId}")
    @Operation(summary = "Delete a folder and the messages in it")
    public Uni<Response> delete(@PathParam("folderId") long folderId) {
        return store.api().mailbox(signedIn.accountId(), folderId).chain(folder -> {
            if (MailboxInfo.INBOX.equalsIgnoreCase(folder.name()) || folder.specialUse() != null) {
                throw new Problem(Response.Status.CONFLICT, folder.name() + " is a special folder and stays");
            }
            return store.api().deleteMailbox(signedIn.accountId(), folderId);
        }).map(deleted -> Response.noContent().build());
    }

    @POST
    @Path("/{folderId}/empty")
    @Operation(summary = "Remove every message of Trash or Junk for good")
    public Uni<Response> empty(@PathParam("folderId") long folderId) {
        long account = signedIn.accountId();
        return store.api().mailbox(account, folderId).chain(folder -> {
            if (!MailStore.TRASH.equalsIgnoreCase(folder.specialUse()) && !MailStore.JUNK.equalsIgnoreCase(folder.specialUse())) {
                throw new Problem(Response.Status.CONFLICT, "only Trash and Junk can be emptied");
            }
            return store.api().index(account, folderId);
        }).chain(index -> index.uids().length == 0 ? Uni.createFrom().voidItem()
                : store.destroy(account, folderId, java.util.Arrays.stream(index.uids()).boxed().toList()))
                .map(done -> Response.noContent().build());
    }

    private static String validName(FolderName name) {
        if (name == null || name.name() == null || name.name().isBlank()) {
            throw Problem.badRequest("a folder needs a name");
        }
        String trimmed = name.name().trim();
        if (trimmed.length() > 200 || trimmed.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '*' || c == '%')
                || trimmed.startsWith("/") || trimmed.endsWith("/") || trimmed.contains("//")) {
            throw Problem.badRequest("not a folder name: " + trimmed);
        }
        return trimmed;
    }
}

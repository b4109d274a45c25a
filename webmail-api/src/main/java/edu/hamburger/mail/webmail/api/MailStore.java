package edu.hamburger.mail.webmail.api;

import edu.hamburger.mail.core.api.AppendResult;
import edu.hamburger.mail.core.api.CopyRequest;
import edu.hamburger.mail.core.api.FlagChange;
import edu.hamburger.mail.core.api.MailboxInfo;
import edu.hamburger.mail.mailbox.client.MailboxApi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The webmail's port to mailbox-service: every call names the signed-in account, and
 * mailbox-service answers 404 for a folder or message of any other account, so an id guessed or
 * copied from someone else opens nothing. Adds what the webmail needs on top of the IMAP-shaped
 * API: folders by role (Sent, Drafts, Trash) and "delete" as move to Trash.
 */
@ApplicationScoped
public class MailStore {

    public static final String SENT = "\\Sent";
    public static final String DRAFTS = "\\Drafts";
    public static final String TRASH = "\\Trash";
    public static final String JUNK = "\\Junk";

    @RestClient
    MailboxApi api;

    public MailboxApi api() {
        return api;
    }

    /** The account's folder with that SPECIAL-USE role (RFC 6154), e.g. {@link #SENT}. */
    public Uni<MailboxInfo> folderWithRole(long account, String role) {
        return api.mailboxes(account).map(folders -> folders.stream()
                .filter(f -> role.equalsIgnoreCase(f.specialUse()))
                .findFirst()
                .orElseThrow(() -> new Problem(Response.Status.CONFLICT, "this account has no " + role.substring(1) + " folder")));
    }

    public Uni<byte[]> content(long account, long folder, long uid) {
        return api.content(account, folder, uid, 0, -1);
    }

    public Uni<AppendResult> append(long account, long folder, byte[] message, String flags) {
        return api.append(account, folder, message, flags, null);
    }

    public Uni<Void> setFlags(long account, long folder, List<Long> uids, FlagChange.Mode mode, List<String> flags) {
        return api.changeFlags(account, folder, new FlagChange(uidSet(uids), mode, flags, null)).replaceWithVoid();
    }

    /** Moves messages; says where they went, so the move can be undone. */
    public Uni<Relocation> move(long account, long folder, List<Long> uids, long target) {
        return api.copy(account, folder, new CopyRequest(uidSet(uids), target, true))
                .map(result -> new Relocation(target, result.targetUids() == null ? List.of() : result.targetUids()));
    }

    /** Removes messages for good: \Deleted, then expunge only those UIDs (UIDPLUS-style). */
    public Uni<Void> destroy(long account, long folder, List<Long> uids) {
        return setFlags(account, folder, uids, FlagChange.Mode.ADD, List.of("\\Deleted"))
                .chain(() -> api.expunge(account, folder, uidSet(uids))).replaceWithVoid();
    }

    /** Delete as users mean it: to Trash, or for good when already in Trash (then nothing can be undone). */
    public Uni<Relocation> delete(long account, long folder, List<Long> uids) {
        return folderWithRole(account, TRASH).chain(trash -> trash.id() == folder
                ? destroy(account, folder, uids).replaceWith(Relocation.GONE)
                : move(account, folder, uids, trash.id()));
    }

    /**
     * Where moved or deleted messages are now: the folder and their UIDs there (in the order of
     * the UIDs given), which is what undoing it moves back. {@link #GONE}: removed for good.
     */
    public record Relocation(Long folderId, List<Long> uids) {
        public static final Relocation GONE = new Relocation(null, List.of());
    }

    public static String uidSet(List<Long> uids) {
        if (uids.isEmpty()) {
            throw Problem.badRequest("no messages given");
        }
        return uids.stream().map(uid -> {
            if (uid <= 0 || uid > 0xFFFFFFFFL) {
                throw Problem.badRequest("not a message uid: " + uid);
            }
            return Long.toString(uid);
        }).collect(Collectors.joining(","));
    }
}

package edu.hamburger.mail.mailbox.client;

import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.core.api.AuthenticateRequest;
import edu.hamburger.mail.core.api.ExpungeResult;
import edu.hamburger.mail.core.api.FlagChange;
import edu.hamburger.mail.core.api.FlagChangeResult;
import edu.hamburger.mail.core.api.AppendResult;
import edu.hamburger.mail.core.api.CopyRequest;
import edu.hamburger.mail.core.api.CopyResult;
import edu.hamburger.mail.core.api.MailboxInfo;
import edu.hamburger.mail.core.api.MailboxState;
import edu.hamburger.mail.core.api.MailboxName;
import edu.hamburger.mail.core.api.SearchKey;
import edu.hamburger.mail.core.api.Subscription;
import edu.hamburger.mail.core.api.MaildropLease;
import edu.hamburger.mail.core.api.MessageSummary;
import edu.hamburger.mail.core.api.RecipientLookup;
import edu.hamburger.mail.core.api.ServicePing;
import edu.hamburger.mail.core.api.WebSessionKey;
import edu.hamburger.mail.core.api.WebSessionStart;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import java.util.List;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * mailbox-service's internal REST API ({@code /api/v1}) as the gateways and the webmail see it.
 * Every call carries the internal service token ({@link InternalTokenHeaders}); every error
 * answer arrives as a {@code StoreException} ({@link StoreErrorDecoder}). The base URL is
 * {@code mail.mailbox-api.url} (environment {@code MAIL_MAILBOX_API_URL}).
 */
@Path("/api/v1")
@RegisterRestClient(configKey = "mailbox-api")
@RegisterClientHeaders(InternalTokenHeaders.class)
@RegisterProvider(StoreErrorDecoder.class)
@Produces(MediaType.APPLICATION_JSON)
public interface MailboxApi {

    /** Answers only when the service is up and accepts this caller's token. */
    @GET
    @Path("/ping")
    Uni<ServicePing> ping();

    /** The active DKIM keys of a domain, sealed (the relay's token only). */
    @GET
    @Path("/dkim/signing-keys/{domain}")
    Uni<List<edu.hamburger.mail.core.api.DkimSigningKey>> signingKeys(@PathParam("domain") String domain);

    /** What this deployment does with mail for an address. */
    /** Whether a queued record is a client's re-send of a message sent already (the relay, before a first attempt). */
    @POST
    @Path("/resend-claims")
    Uni<edu.hamburger.mail.core.api.ResendVerdict> resendClaim(edu.hamburger.mail.core.api.ResendClaim claim);

    @GET
    @Path("/recipients/{address}")
    Uni<RecipientLookup> recipient(@PathParam("address") String address);

    /**
     * The account these credentials open. A wrong password fails the Uni with a
     * {@code StoreException} of code UNAUTHENTICATED; see {@link MailboxAccounts#authenticate}.
     */
    @POST
    @Path("/auth")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<AccountRef> authenticate(AuthenticateRequest credentials);

    /** A webmail session for an account just signed in; NOT_FOUND for an unknown or disabled account. */
    @POST
    @Path("/web-sessions")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<WebSessionKey> startWebSession(WebSessionStart request);

    /** The account of a live webmail session; NOT_FOUND once it ended (logout, password change, disable, deletion). */
    @POST
    @Path("/web-sessions/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<AccountRef> webSession(WebSessionKey key);

    @POST
    @Path("/web-sessions/end")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Void> endWebSession(WebSessionKey key);

    @GET
    @Path("/accounts/{accountId}/mailboxes/by-name")
    Uni<MailboxInfo> mailboxByName(@PathParam("accountId") long accountId, @QueryParam("name") String name);

    /** Several whole messages in one answer, framed as {@link edu.hamburger.mail.core.api.MessageBatch} (POP3's read-ahead). */
    @GET
    @Path("/accounts/{accountId}/mailboxes/{mailboxId}/messages/contents")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    Uni<byte[]> contents(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId, @QueryParam("uids") String uids);

    /** The raw message, or a range of it ({@code length} -1 for all). */
    @GET
    @Path("/accounts/{accountId}/mailboxes/{mailboxId}/messages/{uid}/content")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    Uni<byte[]> content(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId,
                        @PathParam("uid") long uid, @QueryParam("offset") long offset, @QueryParam("length") long length);

    @POST
    @Path("/accounts/{accountId}/mailboxes/{mailboxId}/flags")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<FlagChangeResult> changeFlags(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId,
                                      FlagChange change);

    /** Expunges the \Deleted messages among {@code uids}. */
    @POST
    @Path("/accounts/{accountId}/mailboxes/{mailboxId}/expunge")
    Uni<ExpungeResult> expunge(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId,
                               @QueryParam("uids") String uids);

    // ---- mailboxes (IMAP LIST, CREATE, DELETE, RENAME, SUBSCRIBE, STATUS, SELECT) ----

    @GET
    @Path("/accounts/{accountId}/mailboxes")
    Uni<List<MailboxInfo>> mailboxes(@PathParam("accountId") long accountId);

    @GET
    @Path("/accounts/{accountId}/mailboxes/{mailboxId}")
    Uni<MailboxInfo> mailbox(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId);

    @GET
    @Path("/accounts/{accountId}/mailboxes/{mailboxId}/state")
    Uni<MailboxState> mailboxState(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId);

    @POST
    @Path("/accounts/{accountId}/mailboxes")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<MailboxInfo> createMailbox(@PathParam("accountId") long accountId, MailboxName name);

    @POST
    @Path("/accounts/{accountId}/mailboxes/{mailboxId}/rename")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<MailboxInfo> renameMailbox(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId, MailboxName name);

    @DELETE
    @Path("/accounts/{accountId}/mailboxes/{mailboxId}")
    Uni<MailboxInfo> deleteMailbox(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId);

    /** The account's subscribed names, mailboxes or not. */
    @GET
    @Path("/accounts/{accountId}/mailboxes/subscriptions")
    Uni<List<String>> subscriptions(@PathParam("accountId") long accountId);

    /** Subscribes or unsubscribes a name, whether or not a mailbox has it. */
    @POST
    @Path("/accounts/{accountId}/mailboxes/subscriptions")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Void> subscribeName(@PathParam("accountId") long accountId, @QueryParam("name") String name, Subscription subscription);

    @POST
    @Path("/accounts/{accountId}/mailboxes/{mailboxId}/subscription")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<MailboxInfo> subscribe(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId, Subscription subscription);

    // ---- messages beyond POP3's needs ----

    /**
     * Messages of a UID set, only those changed after {@code changedSince} when not null;
     * {@code include=structure} adds envelope and body structure.
     */
    @GET
    @Path("/accounts/{accountId}/mailboxes/{mailboxId}/messages")
    Uni<List<MessageSummary>> summaries(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId,
                                        @QueryParam("uids") String uids, @QueryParam("changedSince") Long changedSince,
                                        @QueryParam("include") String include);

    /** Every message's UID, modseq and flags, ascending by UID: the cheap whole-mailbox view. */
    @GET
    @Path("/accounts/{accountId}/mailboxes/{mailboxId}/index")
    Uni<edu.hamburger.mail.core.api.MailboxIndex> index(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId);

    /** The mailbox of that name and its index, in one call (IMAP SELECT). */
    @GET
    @Path("/accounts/{accountId}/mailboxes/by-name-index")
    Uni<edu.hamburger.mail.core.api.MailboxSnapshot> snapshotByName(@PathParam("accountId") long accountId,
                                                                    @QueryParam("name") String name);

    /** As {@link #snapshotByName}, and the mailbox's \Recent messages become this session's (read-write SELECT). */
    @POST
    @Path("/accounts/{accountId}/mailboxes/by-name-index")
    Uni<edu.hamburger.mail.core.api.MailboxSnapshot> selectByName(@PathParam("accountId") long accountId,
                                                                  @QueryParam("name") String name);

    /** A selected session's claim on the new messages below {@code upTo} that no session has seen as \Recent. */
    @POST
    @Path("/accounts/{accountId}/mailboxes/{mailboxId}/recent")
    Uni<edu.hamburger.mail.core.api.RecentClaim> claimRecent(@PathParam("accountId") long accountId,
                                                             @PathParam("mailboxId") long mailboxId, @QueryParam("upTo") long upTo);

    /** Bytes of an IMAP section: {@code part} is body, header, text or mime; a range of it with offset/length (-1: to the end). */
    @GET
    @Path("/accounts/{accountId}/mailboxes/{mailboxId}/messages/{uid}/content")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    Uni<byte[]> section(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId, @PathParam("uid") long uid,
                        @QueryParam("section") String section, @QueryParam("part") String part,
                        @QueryParam("offset") long offset, @QueryParam("length") long length);

    @POST
    @Path("/accounts/{accountId}/mailboxes/{mailboxId}/messages")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    Uni<AppendResult> append(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId, byte[] message,
                             @QueryParam("flags") String flags, @QueryParam("internalDate") String internalDate);

    @POST
    @Path("/accounts/{accountId}/mailboxes/{mailboxId}/copy")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<CopyResult> copy(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId, CopyRequest request);

    @POST
    @Path("/accounts/{accountId}/mailboxes/{mailboxId}/search")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<List<Long>> search(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId, SearchKey key);

    @POST
    @Path("/accounts/{accountId}/mailboxes/{mailboxId}/sort")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<List<Long>> sort(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId,
                         edu.hamburger.mail.core.api.SortRequest request);

    @POST
    @Path("/accounts/{accountId}/mailboxes/{mailboxId}/thread")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<List<edu.hamburger.mail.core.api.ThreadNode>> thread(@PathParam("accountId") long accountId,
                                                            @PathParam("mailboxId") long mailboxId,
                                                            edu.hamburger.mail.core.api.ThreadRequest request);

    /** UIDs expunged after a modseq (QRESYNC's VANISHED, and how sessions learn of expunges). */
    @GET
    @Path("/accounts/{accountId}/mailboxes/{mailboxId}/expunged")
    Uni<List<Long>> expunged(@PathParam("accountId") long accountId, @PathParam("mailboxId") long mailboxId,
                             @QueryParam("since") long since);

    /** Takes or renews the POP3 maildrop lease; fails with 409 while another session holds it. */
    @POST
    @Path("/accounts/{accountId}/maildrop-lease")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<MaildropLease> takeMaildropLease(@PathParam("accountId") long accountId, MaildropLease lease);

    /**
     * A POP3 login in one call: takes (or renews) the maildrop lease as {@link #takeMaildropLease}
     * does, 409 while another session holds it, and lists INBOX under it.
     */
    @POST
    @Path("/accounts/{accountId}/maildrop")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<edu.hamburger.mail.core.api.MaildropListing> openMaildrop(@PathParam("accountId") long accountId, MaildropLease lease);

    @DELETE
    @Path("/accounts/{accountId}/maildrop-lease")
    Uni<Void> releaseMaildropLease(@PathParam("accountId") long accountId, @QueryParam("holder") String holder);

    /** The account's storage quota: octets used and allowed. */
    @GET
    @Path("/accounts/{accountId}/mailboxes/quota")
    Uni<edu.hamburger.mail.core.api.QuotaUsage> quota(@PathParam("accountId") long accountId);

    // ---- identities: the addresses an account writes as, with name and signature (the webmail) ----

    @GET
    @Path("/accounts/{accountId}/identities")
    Uni<List<edu.hamburger.mail.core.api.Identity>> identities(@PathParam("accountId") long accountId);

    /** NOT_FOUND for an address the account does not have; INVALID for a name or signature over the limits. */
    @jakarta.ws.rs.PUT
    @Path("/accounts/{accountId}/identities/{address}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<edu.hamburger.mail.core.api.Identity> saveIdentity(@PathParam("accountId") long accountId, @PathParam("address") String address,
                                                          edu.hamburger.mail.core.api.Identity identity);

    // ---- the address book (the webmail's contacts) ----

    @GET
    @Path("/accounts/{accountId}/contacts")
    Uni<List<edu.hamburger.mail.core.api.Contact>> contacts(@PathParam("accountId") long accountId);

    /** Adds or renames; INVALID for an unreadable address or name, OVER_QUOTA past the most kept. */
    @jakarta.ws.rs.PUT
    @Path("/accounts/{accountId}/contacts/{address}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<edu.hamburger.mail.core.api.Contact> saveContact(@PathParam("accountId") long accountId, @PathParam("address") String address,
                                                        edu.hamburger.mail.core.api.Contact contact);

    @DELETE
    @Path("/accounts/{accountId}/contacts/{address}")
    Uni<Void> deleteContact(@PathParam("accountId") long accountId, @PathParam("address") String address);

    // ---- Sieve scripts (ManageSieve, the webmail's rules): docs/delivery-rules.md ----

    @GET
    @Path("/accounts/{accountId}/sieve/scripts")
    Uni<List<edu.hamburger.mail.core.api.SieveScriptInfo>> sieveScripts(@PathParam("accountId") long accountId);

    @GET
    @Path("/accounts/{accountId}/sieve/scripts/{name}")
    @Produces(MediaType.TEXT_PLAIN)
    Uni<String> sieveScript(@PathParam("accountId") long accountId, @PathParam("name") String name);

    /** Stores a script that compiles; INVALID with "line N: ..." when it does not. */
    @jakarta.ws.rs.PUT
    @Path("/accounts/{accountId}/sieve/scripts/{name}")
    @Consumes(MediaType.TEXT_PLAIN)
    Uni<Void> putSieveScript(@PathParam("accountId") long accountId, @PathParam("name") String name, String content);

    @DELETE
    @Path("/accounts/{accountId}/sieve/scripts/{name}")
    Uni<Void> deleteSieveScript(@PathParam("accountId") long accountId, @PathParam("name") String name);

    @POST
    @Path("/accounts/{accountId}/sieve/scripts/{name}/rename")
    Uni<Void> renameSieveScript(@PathParam("accountId") long accountId, @PathParam("name") String name, @QueryParam("to") String newName);

    /** The script delivery runs; an empty name deactivates. */
    @jakarta.ws.rs.PUT
    @Path("/accounts/{accountId}/sieve/active")
    @Consumes(MediaType.TEXT_PLAIN)
    Uni<Void> activateSieveScript(@PathParam("accountId") long accountId, String name);

    @POST
    @Path("/accounts/{accountId}/sieve/check")
    @Consumes(MediaType.TEXT_PLAIN)
    Uni<Void> checkSieveScript(@PathParam("accountId") long accountId, String content);

    @GET
    @Path("/accounts/{accountId}/sieve/space")
    Uni<Void> sieveSpace(@PathParam("accountId") long accountId, @QueryParam("name") String name, @QueryParam("size") long size);
}

package edu.hamburger.mail.webmail.api;

import edu.hamburger.mail.core.api.AppendResult;
import edu.hamburger.mail.core.api.FlagChange;
import edu.hamburger.mail.core.api.Identity;
import edu.hamburger.mail.core.api.MailboxInfo;
import edu.hamburger.mail.webmail.WebmailSettings;
import edu.hamburger.mail.webmail.mime.Compose;
import edu.hamburger.mail.webmail.mime.Compose.Upload;
import edu.hamburger.mail.webmail.mime.MessageComposer;
import edu.hamburger.mail.webmail.mime.MessageComposer.Composed;
import edu.hamburger.mail.webmail.mime.MessageReader;
import edu.hamburger.mail.webmail.mime.MimeParts;
import edu.hamburger.mail.webmail.session.SignedIn;
import edu.hamburger.mail.webmail.session.WebSession;
import edu.hamburger.mail.webmail.submission.SmtpSubmission;
import edu.hamburger.mail.webmail.submission.SmtpSubmission.SubmissionException;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Sending and drafts. Sending is SMTP submission to smtp-gateway as the signed-in user (HTTP →
 * SMTP, as real webmail does), then a copy of the same bytes is filed in Sent. A browser posts
 * multipart/form-data (a "message" part with the JSON, "attachment" parts with the files); an
 * API client may post the JSON alone.
 */
@Path("/api/v1")
@Tag(name = "compose")
@Produces(MediaType.APPLICATION_JSON)
@Blocking // SMTP submission and MIME building block; they run on worker threads
public class ComposeResource {

    private static final Logger LOG = Logger.getLogger(ComposeResource.class);
    private static final Duration STORE_WAIT = Duration.ofSeconds(30);

    @Inject
    MailStore store;

    @Inject
    SignedIn signedIn;

    @Inject
    MessageComposer composer;

    @Inject
    SmtpSubmission submission;

    @Inject
    WebmailSettings settings;

    /** Where the sent message and its Sent copy went; sentUid is null when filing the copy failed. */
    public record Sent(String messageId, List<String> recipients, Long sentFolderId, Long sentUid) {
    }

    public record SavedDraft(long folderId, long uid) {
    }

    @POST
    @Path("/messages")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Send a message with attachments (multipart: 'message' JSON, 'attachment' files)")
    public Response send(@RestForm("message") @PartType(MediaType.APPLICATION_JSON) Compose compose,
                         @RestForm("attachment") List<FileUpload> files) {
        return sendWith(compose, uploads(files));
    }

    @POST
    @Path("/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a message without new attachments")
    public Response sendJson(Compose compose) {
        return sendWith(compose, List.of());
    }

    @POST
    @Path("/drafts")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Save a draft (replaces the draft it names)")
    public Response saveDraft(@RestForm("message") @PartType(MediaType.APPLICATION_JSON) Compose compose,
                              @RestForm("attachment") List<FileUpload> files) {
        return draft(compose, uploads(files));
    }

    @POST
    @Path("/drafts")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Save a draft without new attachments")
    public Response saveDraftJson(Compose compose) {
        return draft(compose, List.of());
    }

    private Response sendWith(Compose compose, List<Upload> uploads) {
        WebSession session = signedIn.session();
        validate(compose, true);
        Composed message = build(session, compose, uploads);
        try {
            submission.submit(session.address(), message.sender(), message.bytes(), message.recipients());
        } catch (SubmissionException e) {
            if (e.authentication()) { // the webmail's own credential: a deployment error, not the user's
                LOG.errorf("smtp-gateway refused the webmail's submission credential (mail.webmail.submission.master-*): %s", e.getMessage());
                throw new Problem(Response.Status.SERVICE_UNAVAILABLE, "the mail server could not take the message now; try again");
            }
            if (e.permanent()) {
                throw new Problem(Response.Status.BAD_REQUEST, "the mail server refused the message: " + e.getMessage());
            }
            LOG.warnf("submission failed for %s: %s", session.address(), e.getMessage());
            throw new Problem(Response.Status.SERVICE_UNAVAILABLE, "the mail server could not take the message now; try again");
        }
        long account = session.accountId();
        Long sentFolder = null;
        Long sentUid = null;
        try {
            MailboxInfo sent = store.folderWithRole(account, MailStore.SENT).await().atMost(STORE_WAIT);
            AppendResult copy = store.append(account, sent.id(), message.bytes(), "\\Seen").await().atMost(STORE_WAIT);
            sentFolder = sent.id();
            sentUid = copy.uid();
        } catch (RuntimeException e) {
            // the message is on its way; only the copy is missing, and the answer says so (sentUid null)
            LOG.warnf("sent %s but could not file it in Sent: %s", message.messageId(), e.toString());
        }
        afterSending(account, compose);
        return Response.status(Response.Status.CREATED)
                .entity(new Sent(message.messageId(), message.recipients(), sentFolder, sentUid)).build();
    }

    /** Marks what was answered or forwarded, and removes the draft the message was sent from. */
    private void afterSending(long account, Compose compose) {
        try {
            if (compose.answering() != null) {
                String flag = compose.forward() != null ? "$Forwarded" : "\\Answered";
                store.setFlags(account, compose.answering().folderId(), List.of(compose.answering().uid()), FlagChange.Mode.ADD, List.of(flag))
                        .await().atMost(STORE_WAIT);
            }
            if (compose.draft() != null) {
                store.destroy(account, compose.draft().folderId(), List.of(compose.draft().uid())).await().atMost(STORE_WAIT);
            }
        } catch (RuntimeException e) {
            LOG.debugf("after sending: %s", e.toString());
        }
    }

    private Response draft(Compose compose, List<Upload> uploads) {
        WebSession session = signedIn.session();
        validate(compose, false);
        Composed message = build(session, compose, uploads);
        long account = session.accountId();
        MailboxInfo drafts = store.folderWithRole(account, MailStore.DRAFTS).await().atMost(STORE_WAIT);
        AppendResult saved = store.append(account, drafts.id(), message.bytes(), "\\Draft \\Seen").await().atMost(STORE_WAIT);
        if (compose.draft() != null) {
            store.destroy(account, compose.draft().folderId(), List.of(compose.draft().uid())).await().atMost(STORE_WAIT);
        }
        return Response.status(Response.Status.CREATED).entity(new SavedDraft(drafts.id(), saved.uid())).build();
    }

    private Composed build(WebSession session, Compose compose, List<Upload> uploads) {
        long account = session.accountId();
        List<Upload> attachments = new ArrayList<>(uploads);
        if (compose.draft() != null) {
            attachments.addAll(carriedOver(account, compose.draft()));
        }
        byte[] forwarded = null;
        String forwardedName = null;
        if (compose.forward() != null) {
            forwarded = store.content(account, compose.forward().folderId(), compose.forward().uid()).await().atMost(STORE_WAIT);
            forwardedName = compose.subject();
        }
        long total = attachments.stream().mapToLong(u -> u.bytes().length).sum() + (forwarded == null ? 0 : forwarded.length);
        if (total > settings.limits().messageBytes()) {
            throw new Problem(Response.Status.REQUEST_ENTITY_TOO_LARGE, "attachments exceed " + settings.limits().messageBytes() + " bytes");
        }
        Identity author = author(account, compose.from());
        try {
            return composer.compose(author, compose, attachments, forwarded, forwardedName);
        } catch (MessageComposer.InvalidMessageException e) {
            throw Problem.badRequest(e.getMessage());
        }
    }

    /**
     * The identity the message is written as: the one named (the account's own address or an alias;
     * anything else is refused here, before smtp-gateway would refuse it), else the account's own.
     */
    private Identity author(long account, String from) {
        List<Identity> identities = store.api().identities(account).await().atMost(STORE_WAIT);
        if (from == null || from.isBlank()) {
            return identities.get(0);
        }
        return identities.stream().filter(i -> i.address().equalsIgnoreCase(from.trim())).findFirst()
                .orElseThrow(() -> Problem.badRequest("you cannot send as " + MessageComposer.oneLine(from) + ": it is not one of your addresses"));
    }

    /** A draft's attachments, to go along when it is sent or saved again. */
    private List<Upload> carriedOver(long account, Compose.MessageRef draft) {
        byte[] raw = store.content(account, draft.folderId(), draft.uid()).await().atMost(STORE_WAIT);
        List<Upload> carried = new ArrayList<>();
        try {
            MimeMessage message = MimeParts.parse(raw);
            MimeParts.walk(message, (number, part, container) -> {
                if (MessageReader.isAttachment(part)) {
                    carried.add(new Upload(MessageReader.filename(part), MessageReader.baseType(part), part.getInputStream().readAllBytes()));
                }
            });
        } catch (MessagingException | IOException e) {
            throw Problem.badRequest("the draft cannot be read: " + e.getMessage());
        }
        return carried;
    }

    private void validate(Compose compose, boolean sending) {
        if (compose == null) {
            throw Problem.badRequest("no message given");
        }
        int recipients = compose.to().size() + compose.cc().size() + compose.bcc().size();
        if (sending && recipients == 0) {
            throw Problem.badRequest("a message needs at least one recipient");
        }
        if (recipients > settings.limits().recipients()) {
            throw Problem.badRequest("at most " + settings.limits().recipients() + " recipients");
        }
        if (compose.subject() != null && compose.subject().length() > settings.limits().subjectLength()) {
            throw Problem.badRequest("subject longer than " + settings.limits().subjectLength() + " characters");
        }
    }

    private static List<Upload> uploads(List<FileUpload> files) {
        if (files == null) {
            return List.of();
        }
        List<Upload> uploads = new ArrayList<>();
        for (FileUpload file : files) {
            try {
                uploads.add(new Upload(file.fileName(), file.contentType(), Files.readAllBytes(file.uploadedFile())));
            } catch (IOException e) {
                throw new IllegalStateException("could not read an uploaded file", e);
            }
        }
        return uploads;
    }
}

package edu.hamburger.mail.webmail.api;

import edu.hamburger.mail.core.api.FlagChange;
import edu.hamburger.mail.core.reactive.OffLoop;
import edu.hamburger.mail.core.api.MessageSummary;
import edu.hamburger.mail.core.api.SearchKey;
import edu.hamburger.mail.webmail.WebmailSettings;
import edu.hamburger.mail.webmail.mime.Compose;
import edu.hamburger.mail.webmail.mime.MessageReader;
import edu.hamburger.mail.webmail.mime.ReplyBuilder;
import edu.hamburger.mail.webmail.mime.MessageView;
import edu.hamburger.mail.webmail.mime.MimeParts;
import edu.hamburger.mail.webmail.session.SignedIn;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Messages of one of the signed-in user's folders: list, read, download, organise. */
@Path("/api/v1/folders/{folderId}/messages")
@Tag(name = "messages")
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {

    /** Images a message may show inline from its own parts; anything else is only downloaded. */
    private static final Set<String> INLINE_TYPES = Set.of("image/png", "image/gif", "image/jpeg", "image/webp");

    @Inject
    MailStore store;

    @Inject
    SignedIn signedIn;

    @Inject
    MessageReader reader;

    @Inject
    WebmailSettings settings;

    @PathParam("folderId")
    long folderId;

    /** A message opened: flags, headers, text, attachments; the HTML body is at {@code htmlUrl}. */
    public record MessageDetail(long folderId, long uid, List<String> flags, MessageView message, String htmlUrl, String rawUrl) {
    }

    public record FlagUpdate(Boolean seen, Boolean flagged) {
    }

    public record Selection(List<Long> uids, Long targetFolderId) {
    }

    @GET
    @Operation(summary = "One page of the folder, newest first; q searches headers and text")
    public Uni<MessageList> list(@QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size,
                                 @QueryParam("q") String query) {
        if (page < 0 || size < 1 || size > settings.limits().pageSize()) {
            throw Problem.badRequest("page must be >= 0 and size between 1 and " + settings.limits().pageSize());
        }
        if (query != null && query.length() > 200) {
            throw Problem.badRequest("search text longer than 200 characters");
        }
        long account = signedIn.accountId();
        Uni<Set<Long>> matching = query == null || query.isBlank() ? Uni.createFrom().nullItem()
                : store.api().search(account, folderId, SearchKey.of("TEXT", query.trim())).map(HashSet::new);
        return matching.chain(matches -> store.api().summaries(account, folderId, "1:*", null, null).chain(all -> {
            List<MessageSummary> sorted = all.stream()
                    .filter(m -> matches == null || matches.contains(m.uid()))
                    .sorted(Comparator.comparing((MessageSummary m) -> m.internalDate() == null ? Instant.EPOCH : m.internalDate())
                            .thenComparingLong(MessageSummary::uid).reversed())
                    .toList();
            int from = (int) Math.min((long) page * size, sorted.size());
            List<MessageSummary> slice = sorted.subList(from, Math.min(from + size, sorted.size()));
            if (slice.isEmpty()) {
                return Uni.createFrom().item(new MessageList(folderId, sorted.size(), page, size, List.of()));
            }
            String uids = slice.stream().map(m -> Long.toString(m.uid())).collect(Collectors.joining(","));
            return store.api().summaries(account, folderId, uids, null, "structure").map(details -> {
                var byUid = details.stream().collect(Collectors.toMap(MessageSummary::uid, d -> d));
                List<MessageList.Item> items = new ArrayList<>();
                for (MessageSummary m : slice) {
                    MessageSummary detail = byUid.get(m.uid());
                    if (detail != null) { // expunged in between: skip it
                        items.add(MessageList.Item.of(detail));
                    }
                }
                return new MessageList(folderId, sorted.size(), page, size, items);
            });
        }));
    }

    @GET
    @Path("/{uid}")
    @Operation(summary = "Open a message: decoded headers, text, attachments")
    public Uni<MessageDetail> read(@PathParam("uid") long uid, @QueryParam("images") @DefaultValue("false") boolean images) {
        long account = signedIn.accountId();
        String base = base(uid);
        return Uni.combine().all().unis(summary(account, uid), store.content(account, folderId, uid)).asTuple()
                .chain(both -> OffLoop.compute(() -> {
                    MessageView view = reader.read(both.getItem2(), part -> base + "/parts/" + part + "?inline=true", images);
                    return new MessageDetail(folderId, uid, both.getItem1().flags(), view,
                            view.html() == null ? null : base + "/body.html" + (images ? "?images=true" : ""), base + "/raw");
                }));
    }

    @GET
    @Path("/{uid}/body.html")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The sanitised HTML body as a page of its own, for a sandboxed frame")
    public Uni<Response> html(@PathParam("uid") long uid, @QueryParam("images") @DefaultValue("false") boolean images) {
        String base = base(uid);
        return store.content(signedIn.accountId(), folderId, uid).chain(raw -> OffLoop.compute(() -> {
            MessageView view = reader.read(raw, part -> base + "/parts/" + part + "?inline=true", images);
            String page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                    + "<style>body{font-family:system-ui,sans-serif;font-size:14px;line-height:1.45;margin:12px;overflow-wrap:anywhere}"
                    + "img{max-width:100%;height:auto}</style></head><body>"
                    + (view.html() == null ? "" : view.html()) + "</body></html>";
            // no script may run here whatever got through: the CSP forbids it, and the frame's sandbox too
            String imageSources = images ? "'self' data: https: http:" : "'self' data:";
            return Response.ok(page, "text/html; charset=utf-8")
                    .header("Content-Security-Policy", "default-src 'none'; script-src 'none'; object-src 'none'; style-src 'unsafe-inline'; img-src "
                            + imageSources + "; font-src 'none'; form-action 'none'; frame-ancestors 'self'; base-uri 'none'")
                    .header("X-Frame-Options", "SAMEORIGIN")
                    .header("Cache-Control", "private, no-store")
                    .build();
        }));
    }

    @GET
    @Path("/{uid}/parts/{part}")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "Download an attachment (decoded), or show an inline image")
    public Uni<Response> part(@PathParam("uid") long uid, @PathParam("part") String number,
                              @QueryParam("inline") @DefaultValue("false") boolean inline) {
        return store.content(signedIn.accountId(), folderId, uid).chain(raw -> OffLoop.compute(() -> {
            try {
                MimeMessage message = MimeParts.parse(raw);
                Part part = MimeParts.find(message, number);
                if (part == null) {
                    throw Problem.notFound("no part " + number);
                }
                byte[] bytes = part.getInputStream().readAllBytes();
                String type = MessageReader.baseType(part);
                boolean showInline = inline && INLINE_TYPES.contains(type);
                String name = MessageReader.filename(part);
                return Response.ok(bytes, showInline ? type : "application/octet-stream")
                        .header("Content-Disposition", showInline ? ContentDisposition.inline(name) : ContentDisposition.attachment(name))
                        .header("Content-Security-Policy", "default-src 'none'; sandbox")
                        .header("Cache-Control", "private, no-store")
                        .build();
            } catch (MessagingException | IOException e) {
                throw Problem.badRequest("the part cannot be read: " + e.getMessage());
            }
        }));
    }

    @GET
    @Path("/{uid}/raw")
    @Produces("message/rfc822")
    @Operation(summary = "The message exactly as stored (.eml)")
    public Uni<Response> raw(@PathParam("uid") long uid) {
        return store.content(signedIn.accountId(), folderId, uid).map(raw -> Response.ok(raw, "message/rfc822")
                .header("Content-Disposition", ContentDisposition.attachment("message-" + uid + ".eml"))
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .build());
    }

    @PATCH
    @Path("/{uid}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Mark read or unread, flag or unflag")
    public Uni<MessageList.Item> update(@PathParam("uid") long uid, FlagUpdate update) {
        if (update == null || update.seen() == null && update.flagged() == null) {
            throw Problem.badRequest("give seen and/or flagged");
        }
        long account = signedIn.accountId();
        Uni<Void> done = Uni.createFrom().voidItem();
        if (update.seen() != null) {
            done = done.chain(() -> store.setFlags(account, folderId, List.of(uid),
                    update.seen() ? FlagChange.Mode.ADD : FlagChange.Mode.REMOVE, List.of("\\Seen")));
        }
        if (update.flagged() != null) {
            done = done.chain(() -> store.setFlags(account, folderId, List.of(uid),
                    update.flagged() ? FlagChange.Mode.ADD : FlagChange.Mode.REMOVE, List.of("\\Flagged")));
        }
        return done.chain(() -> store.api().summaries(account, folderId, Long.toString(uid), null, "structure"))
                .map(list -> list.stream().findFirst().map(MessageList.Item::of)
                        .orElseThrow(() -> Problem.notFound("no such message")));
    }

    @POST
    @Path("/move")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move messages to another folder")
    public Uni<Response> move(Selection selection) {
        if (selection == null || selection.uids() == null || selection.targetFolderId() == null) {
            throw Problem.badRequest("give uids and targetFolderId");
        }
        return store.move(signedIn.accountId(), folderId, selection.uids(), selection.targetFolderId())
                .map(done -> Response.noContent().build());
    }

    @POST
    @Path("/delete")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Delete messages: to Trash, or for good when in Trash")
    public Uni<Response> deleteMany(Selection selection) {
        if (selection == null || selection.uids() == null) {
            throw Problem.badRequest("give uids");
        }
        return store.delete(signedIn.accountId(), folderId, selection.uids()).map(done -> Response.noContent().build());
    }

    @DELETE
    @Path("/{uid}")
    @Operation(summary = "Delete a message: to Trash, or for good when in Trash")
    public Uni<Response> delete(@PathParam("uid") long uid) {
        return store.delete(signedIn.accountId(), folderId, List.of(uid)).map(done -> Response.noContent().build());
    }

    @GET
    @Path("/{uid}/reply")
    @Operation(summary = "A prefilled message answering this one: mode reply, reply-all or forward")
    public Uni<Compose> reply(@PathParam("uid") long uid, @QueryParam("mode") @DefaultValue("reply") String mode) {
        ReplyBuilder.Mode chosen = switch (mode) {
            case "reply" -> ReplyBuilder.Mode.REPLY;
            case "reply-all" -> ReplyBuilder.Mode.REPLY_ALL;
            case "forward" -> ReplyBuilder.Mode.FORWARD;
            default -> throw Problem.badRequest("mode is reply, reply-all or forward");
        };
        String own = signedIn.session().address();
        return store.content(signedIn.accountId(), folderId, uid).chain(raw -> OffLoop.compute(
                () -> ReplyBuilder.build(reader.read(raw, part -> null, false), new Compose.MessageRef(folderId, uid), own, chosen)));
    }

    private Uni<MessageSummary> summary(long account, long uid) {
        return store.api().summaries(account, folderId, Long.toString(uid), null, null)
                .map(list -> list.stream().findFirst().orElseThrow(() -> Problem.notFound("no such folder or message")));
    }

    private String base(long uid) {
        return "/api/v1/folders/" + folderId + "/messages/" + uid;
    }
}

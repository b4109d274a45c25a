package edu.hamburger.mail.webmail.api;

import edu.hamburger.mail.core.api.FlagChange;
import edu.hamburger.mail.core.api.Identity;
import edu.hamburger.mail.core.reactive.OffLoop;
import edu.hamburger.mail.core.api.MessageSummary;
import edu.hamburger.mail.core.api.SearchKey;
import edu.hamburger.mail.core.api.SortRequest;
import edu.hamburger.mail.core.api.ThreadRequest;
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
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Messages of one of the signed-in user's folders: list, read, download, organise. */
@Path("/api/v1/folders/{folderId}/messages")
@Tag(name = "messages")
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {

    /** Messages one request may act on (or one conversation page may read lines of). */
    static final int MAX_SELECTION = 1000;

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

    /** Flags of several messages at once: {@code seen} and/or {@code flagged}, null leaves it as it is. */
    public record BulkFlags(List<Long> uids, Boolean seen, Boolean flagged) {
    }

    @GET
    @Operation(summary = "One page of the folder, newest first by arrival unless sort says otherwise; q searches headers and text")
    public Uni<MessageList> list(@QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size,
                                 @QueryParam("q") String query,
                                 @QueryParam("sort") @DefaultValue("arrival") String sort, @QueryParam("order") String order) {
        checkPage(page, size, query);
        List<String> criteria = sortCriteria(sort, order);
        long account = signedIn.accountId();
        SearchKey matching = query == null || query.isBlank() ? SearchKey.of("ALL") : SearchKey.of("TEXT", query.trim());
        Uni<List<Long>> ordered = criteria == null ? newestArrivalFirst(account, matching)
                : store.api().sort(account, folderId, new SortRequest(criteria, matching));
        return ordered.chain(uids -> {
            int from = (int) Math.min((long) page * size, uids.size());
            List<Long> slice = uids.subList(from, Math.min(from + size, uids.size()));
            return lines(account, slice).map(byUid -> new MessageList(folderId, uids.size(), page, size,
                    slice.stream().map(byUid::get).filter(Objects::nonNull).toList())); // expunged in between: skipped
        });
    }

    @GET
    @Path("/conversations")
    @Operation(summary = "One page of the folder's conversations (threaded by References), the newest first; q searches")
    public Uni<ConversationList> conversations(@QueryParam("page") @DefaultValue("0") int page,
                                               @QueryParam("size") @DefaultValue("50") int size, @QueryParam("q") String query) {
        checkPage(page, size, query);
        long account = signedIn.accountId();
        SearchKey matching = query == null || query.isBlank() ? SearchKey.of("ALL") : SearchKey.of("TEXT", query.trim());
        return Uni.combine().all().unis(store.api().thread(account, folderId, new ThreadRequest("REFERENCES", matching)),
                store.api().summaries(account, folderId, "1:*", null, null)).asTuple().chain(both -> {
            Map<Long, MessageSummary> known = both.getItem2().stream().collect(Collectors.toMap(MessageSummary::uid, m -> m));
            List<List<Long>> threads = both.getItem1().stream().map(root -> ConversationList.members(root, known))
                    .filter(members -> !members.isEmpty())
                    .sorted(Comparator.comparing((List<Long> members) -> ConversationList.arrival(known.get(members.get(members.size() - 1))))
                            .thenComparingLong(members -> members.get(members.size() - 1)).reversed())
                    .toList();
            int from = (int) Math.min((long) page * size, threads.size());
            List<List<Long>> slice = threads.subList(from, Math.min(from + size, threads.size()));
            // lines of each conversation's newest messages (always its newest), MAX_SELECTION in all:
            // enough for the senders and unread count shown on its row
            int each = Math.max(1, Math.min(ConversationList.LINES_READ, MAX_SELECTION / Math.max(1, slice.size())));
            List<Long> wanted = slice.stream().flatMap(members -> members.subList(Math.max(0, members.size() - each), members.size()).stream())
                    .toList();
            return lines(account, wanted).map(byUid -> new ConversationList(folderId, threads.size(), page, size,
                    slice.stream().map(members -> ConversationList.of(members, byUid)).filter(c -> c.latest() != null).toList()));
        });
    }

    private void checkPage(int page, int size, String query) {
        if (page < 0 || size < 1 || size > settings.limits().pageSize()) {
            throw Problem.badRequest("page must be >= 0 and size between 1 and " + settings.limits().pageSize());
        }
        if (query != null && query.length() > 200) {
            throw Problem.badRequest("search text longer than 200 characters");
        }
    }

    /**
     * The mailbox SORT criteria for a list order (sort: date, from, subject or size; order asc or
     * desc, by default newest, largest or A first), or null for the newest arrival first.
     */
    static List<String> sortCriteria(String sort, String order) {
        String key = switch (sort == null ? "arrival" : sort) {
            case "arrival" -> "ARRIVAL";
            case "date" -> "DATE";
            case "from" -> "DISPLAYFROM";
            case "subject" -> "SUBJECT";
            case "size" -> "SIZE";
            default -> throw Problem.badRequest("sort is arrival, date, from, subject or size");
        };
        boolean ascendingByDefault = key.equals("DISPLAYFROM") || key.equals("SUBJECT");
        boolean descending = switch (order == null ? (ascendingByDefault ? "asc" : "desc") : order) {
            case "asc" -> false;
            case "desc" -> true;
            default -> throw Problem.badRequest("order is asc or desc");
        };
        if (key.equals("ARRIVAL") && descending) {
            return null;
        }
        return descending ? List.of(SortRequest.REVERSE, key) : List.of(key);
    }

    /** Newest arrival first, and of those arriving in the same instant the later UID first. */
    private Uni<List<Long>> newestArrivalFirst(long account, SearchKey matching) {
        Uni<Set<Long>> matches = "ALL".equals(matching.key()) ? Uni.createFrom().nullItem()
                : store.api().search(account, folderId, matching).map(HashSet::new);
        return matches.chain(wanted -> store.api().summaries(account, folderId, "1:*", null, null).map(all -> all.stream()
                .filter(m -> wanted == null || wanted.contains(m.uid()))
                .sorted(Comparator.comparing(ConversationList::arrival).thenComparingLong(MessageSummary::uid).reversed())
                .map(MessageSummary::uid)
                .toList()));
    }

    /** List lines (envelope and structure) of the given messages, by UID. */
    private Uni<Map<Long, MessageList.Item>> lines(long account, List<Long> uids) {
        if (uids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String set = uids.stream().map(String::valueOf).collect(Collectors.joining(","));
        return store.api().summaries(account, folderId, set, null, "structure")
                .map(details -> details.stream().collect(Collectors.toMap(MessageSummary::uid, MessageList.Item::of)));
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
                    + "img{max-width:100%;height:auto}</style>"
                    // the message's own sheet, cleaned: a newsletter keeps its layout, inside this frame only
                    + (view.styles() == null || view.styles().isEmpty() ? "" : "<style>" + view.styles() + "</style>")
                    + "</head><body>"
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
                boolean showInline = inline && MessageReader.VIEWABLE.contains(type);
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
        return setFlags(account, List.of(uid), update.seen(), update.flagged()).chain(() -> store.api().summaries(account, folderId, Long.toString(uid), null, "structure"))
                .map(list -> list.stream().findFirst().map(MessageList.Item::of)
                        .orElseThrow(() -> Problem.notFound("no such message")));
    }

    @POST
    @Path("/move")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move messages to another folder; answers where they are now (to undo it, move them back)")
    public Uni<MailStore.Relocation> move(Selection selection) {
        if (selection == null || selection.uids() == null || selection.targetFolderId() == null) {
            throw Problem.badRequest("give uids and targetFolderId");
        }
        checkSelection(selection.uids());
        return store.move(signedIn.accountId(), folderId, selection.uids(), selection.targetFolderId());
    }

    @POST
    @Path("/delete")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Delete messages: to Trash (answers where they are now), or for good when in Trash (folderId null)")
    public Uni<MailStore.Relocation> deleteMany(Selection selection) {
        if (selection == null || selection.uids() == null) {
            throw Problem.badRequest("give uids");
        }
        checkSelection(selection.uids());
        return store.delete(signedIn.accountId(), folderId, selection.uids());
    }

    @DELETE
    @Path("/{uid}")
    @Operation(summary = "Delete a message: to Trash (answers where it is now), or for good when in Trash (folderId null)")
    public Uni<MailStore.Relocation> delete(@PathParam("uid") long uid) {
        return store.delete(signedIn.accountId(), folderId, List.of(uid));
    }

    @POST
    @Path("/flags")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Mark several messages read or unread, flag or unflag them")
    public Uni<Response> flagMany(BulkFlags change) {
        if (change == null || change.uids() == null || change.seen() == null && change.flagged() == null) {
            throw Problem.badRequest("give uids, and seen and/or flagged");
        }
        checkSelection(change.uids());
        return setFlags(signedIn.accountId(), change.uids(), change.seen(), change.flagged()).map(done -> Response.noContent().build());
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
        long account = signedIn.accountId();
        // the account's addresses and the message, asked for at once
        return Uni.combine().all().unis(store.api().identities(account), store.content(account, folderId, uid)).asTuple()
                .chain(both -> OffLoop.compute(() -> ReplyBuilder.build(reader.read(both.getItem2(), part -> null, false),
                        new Compose.MessageRef(folderId, uid), both.getItem1().stream().map(Identity::address).toList(), chosen)));
    }

    private static void checkSelection(List<Long> uids) {
        if (uids.size() > MAX_SELECTION) {
            throw Problem.badRequest("at most " + MAX_SELECTION + " messages at once");
        }
    }

    private Uni<Void> setFlags(long account, List<Long> uids, Boolean seen, Boolean flagged) {
        Uni<Void> done = Uni.createFrom().voidItem();
        if (seen != null) {
            done = done.chain(() -> store.setFlags(account, folderId, uids, seen ? FlagChange.Mode.ADD : FlagChange.Mode.REMOVE, List.of("\\Seen")));
        }
        if (flagged != null) {
            done = done.chain(() -> store.setFlags(account, folderId, uids,
                    flagged ? FlagChange.Mode.ADD : FlagChange.Mode.REMOVE, List.of("\\Flagged")));
        }
        return done;
    }

    private Uni<MessageSummary> summary(long account, long uid) {
        return store.api().summaries(account, folderId, Long.toString(uid), null, null)
                .map(list -> list.stream().findFirst().orElseThrow(() -> Problem.notFound("no such folder or message")));
    }

    private String base(long uid) {
        return "/api/v1/folders/" + folderId + "/messages/" + uid;
    }
}

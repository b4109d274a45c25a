package edu.hamburger.mail.mailbox.api;

import edu.hamburger.mail.core.reactive.OffLoop;
import edu.hamburger.mail.core.api.AppendResult;
import edu.hamburger.mail.core.api.CopyRequest;
import edu.hamburger.mail.core.api.CopyResult;
import edu.hamburger.mail.core.api.SearchKey;
import edu.hamburger.mail.core.api.ExpungeResult;
import edu.hamburger.mail.core.api.FlagChange;
import edu.hamburger.mail.core.api.FlagChangeResult;
import edu.hamburger.mail.core.api.InternalApi;
import edu.hamburger.mail.core.api.MessageSummary;
import edu.hamburger.mail.core.message.UidSet;
import edu.hamburger.mail.mailbox.mime.MessageParser;
import edu.hamburger.mail.mailbox.mime.SectionPath;
import edu.hamburger.mail.mailbox.store.ChangePublisher;
import edu.hamburger.mail.mailbox.store.MailboxException;
import edu.hamburger.mail.mailbox.store.MessageStore;
import edu.hamburger.mail.mailbox.store.StoredMessage;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestResponse;

/** Messages of one mailbox of one account: listing, content, append, flags, expunge. */
@Path(InternalApi.BASE_PATH + "/accounts/{accountId}/mailboxes/{mailboxId}")
public class MessageResource {

    /** Content is read from PostgreSQL in pieces of this size, never as a whole. */
    static final int CHUNK = 256 * 1024;

    @Inject
    MessageStore store;

    @Inject
    ChangePublisher changes;

    @Inject
    edu.hamburger.mail.mailbox.store.MessageOrdering ordering;

    @PathParam("accountId")
    long accountId;

    @PathParam("mailboxId")
    long mailboxId;

    /**
     * Messages in a UID set ({@code uids}, default all), only those changed after
     * {@code changedSince} when given; {@code include=envelope} adds the envelope,
     * {@code include=structure} the envelope and the body structure.
     */
    @GET
    @Path("/messages")
    public Uni<List<MessageSummary>> list(@QueryParam("uids") @DefaultValue("1:*") String uids,
                                          @QueryParam("seq") String sequence,
                                          @QueryParam("changedSince") Long changedSince,
                                          @QueryParam("include") @DefaultValue("") String include) {
        boolean structure = include.contains("structure");
        boolean envelope = structure || include.contains("envelope");
        if (sequence != null) {
            return store.uidsAtSequence(accountId, mailboxId, MessageStore.uidSet(sequence))
                    .chain(set -> set == null ? Uni.createFrom().item(List.<MessageSummary>of())
                            : store.list(accountId, mailboxId, set, changedSince, envelope, structure));
        }
        return store.list(accountId, mailboxId, MessageStore.uidSet(uids), changedSince, envelope, structure);
    }

    /** Every message's UID, modseq and flags as parallel arrays: what an IMAP SELECT needs, compactly. */
    @GET
    @Path("/index")
    public Uni<edu.hamburger.mail.core.api.MailboxIndex> index() {
        return store.index(accountId, mailboxId);
    }

    /** COPY or MOVE (UIDPLUS): returns the target UIDVALIDITY and the source/target UID pairs. */
    @POST
    @Path("/copy")
    public Uni<CopyResult> copy(CopyRequest request) {
        if (request == null || request.uids() == null) {
            throw MailboxException.badRequest("uids and targetMailboxId are required");
        }
        return store.copy(accountId, mailboxId, MessageStore.uidSet(request.uids()), request.targetMailboxId(), request.move())
                .call(copied -> io.smallrye.mutiny.Multi.createFrom().iterable(copied.changes())
                        .onItem().transformToUniAndConcatenate(changes::publish).collect().asList())
                .map(MessageStore.Copied::result);
    }

    /** SEARCH: the UIDs matching a key tree, ascending. */
    @POST
    @Path("/search")
    public Uni<List<Long>> search(SearchKey key) {
        return store.search(accountId, mailboxId, key);
    }

    /** SORT: the UIDs matching a key tree in the order of the sort criteria. */
    @POST
    @Path("/sort")
    public Uni<List<Long>> sort(edu.hamburger.mail.core.api.SortRequest request) {
        if (request == null) {
            throw MailboxException.badRequest("a sort request is required");
        }
        return ordering.sort(accountId, mailboxId, request);
    }

    /** THREAD: the threads of the messages matching a key tree. */
    @POST
    @Path("/thread")
    public Uni<List<edu.hamburger.mail.core.api.ThreadNode>> thread(edu.hamburger.mail.core.api.ThreadRequest request) {
        if (request == null) {
            throw MailboxException.badRequest("a thread request is required");
        }
        return ordering.thread(accountId, mailboxId, request);
    }

    /** APPEND: the raw message as the body; flags and internal date as query parameters. */
    @POST
    @Path("/messages")
    @Consumes({"message/rfc822", MediaType.APPLICATION_OCTET_STREAM})
    public Uni<RestResponse<AppendResult>> append(byte[] raw,
                                                 @QueryParam("flags") @DefaultValue("") String flags,
                                                 @QueryParam("internalDate") String internalDate) {
        if (raw == null || raw.length == 0) {
            throw MailboxException.badRequest("an empty message cannot be appended");
        }
        Instant date = parseInstant(internalDate);
        List<String> flagList = flags.isBlank() ? List.of() : Arrays.asList(flags.trim().split("[ ,]+"));
        return OffLoop.compute(() -> StoredMessage.arriving(raw)) // MIME parsing is CPU work
                .chain(message -> store.append(accountId, mailboxId, message, flagList, date))
                .call(appended -> changes.publish(appended.change()))
                .map(appended -> RestResponse.status(RestResponse.Status.CREATED, appended.result()));
    }

    /**
     * The bytes of one message, streamed: {@code section} is an IMAP part number ("" for the
     * whole message); {@code part} is {@code body} (default), {@code header}, {@code text},
     * {@code mime} or {@code binary} (the part's body with its Content-Transfer-Encoding undone,
     * IMAP BINARY of RFC 3516); {@code offset} and {@code length} cut a partial range out of that.
     * The {@code X-Section-Size} header gives the size of the whole section.
     */
    @GET
    @Path("/messages/{uid}/content")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Multi<byte[]> content(@PathParam("uid") long uid,
                                 @QueryParam("section") @DefaultValue("") String section,
                                 @QueryParam("part") @DefaultValue("body") String part,
                                 @QueryParam("offset") @DefaultValue("0") long offset,
                                 @QueryParam("length") @DefaultValue("-1") long length) {
        if (part.equals("binary")) {
            return RestMulti.fromUniResponse(decoded(uid, section), bytes -> {
                int from = (int) Math.min(Math.max(0, offset), bytes.length);
                int to = length < 0 ? bytes.length : (int) Math.min(bytes.length, from + length);
                return Multi.createFrom().item(Arrays.copyOfRange(bytes, from, to));
            }, bytes -> Map.of("X-Section-Size", List.of(Integer.toString(bytes.length))));
        }
        // the whole message (BODY[], RFC822, POP3 RETR) needs only its size, not its parsed structure
        Uni<long[]> range = section.isEmpty() && part.equals("body")
                ? store.size(accountId, mailboxId, uid).map(size -> new SectionRange(0, size).cut(offset, length))
                : store.bodyStructure(accountId, mailboxId, uid).map(structure -> SectionRange.of(structure, section, part).cut(offset, length));
        return RestMulti.fromUniResponse(range,
                r -> stream(uid, r[0], r[1]),
                r -> Map.of("X-Section-Size", List.of(Long.toString(r[2]))));
    }

    /**
     * A section's body with its Content-Transfer-Encoding undone: base64 and quoted-printable
     * decoded (leniently, as MIME readers do), 7bit, 8bit and binary as they are; the whole
     * message ("") and multiparts as stored, since no encoding applies to them as a whole.
     */
    private Uni<byte[]> decoded(long uid, String section) {
        return store.bodyStructure(accountId, mailboxId, uid).chain(structure -> {
            edu.hamburger.mail.core.message.BodyPart entity = SectionPath.resolve(structure, section);
            if (entity == null) {
                throw MailboxException.notFound("section " + section);
            }
            boolean whole = section.isEmpty();
            String encoding = whole || entity.multipart() ? "binary" : entity.encoding();
            if (!MessageParser.decodable(encoding)) {
                throw new MailboxException(edu.hamburger.mail.core.api.ErrorCode.UNKNOWN_CTE,
                        "section " + section + " has the unknown Content-Transfer-Encoding " + encoding);
            }
            long start = whole ? entity.headerStart() : entity.bodyStart();
            return store.read(accountId, mailboxId, uid, start, (int) (entity.end() - start))
                    .chain(chunk -> OffLoop.compute(() -> {
                        try (java.io.InputStream in = MessageParser.transferDecoder(new java.io.ByteArrayInputStream(chunk.bytes()), encoding)) {
                            return in.readAllBytes();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }));
        });
    }

    /** Reads the range piece by piece, as the client consumes it (demand-driven, one query at a time). */
    private Multi<byte[]> stream(long uid, long start, long end) {
        int pieces = (int) ((end - start + CHUNK - 1) / CHUNK);
        return Multi.createFrom().range(0, pieces).onItem().transformToUniAndConcatenate(i -> {
            long from = start + (long) i * CHUNK;
            return store.read(accountId, mailboxId, uid, from, (int) Math.min(CHUNK, end - from))
                    .map(MessageStore.Chunk::bytes);
        });
    }

    /** At most this many messages per batch read, of at most {@link #BATCH_BYTES} together. */
    static final int BATCH_MESSAGES = 256;
    static final long BATCH_BYTES = 8L * 1024 * 1024;

    /**
     * Several whole messages in one answer ({@code uids}: a comma-separated list), for a POP3
     * session reading its maildrop ahead of the client: each as a line {@code <uid> <size>} CRLF
     * and then exactly {@code size} octets ({@link edu.hamburger.mail.core.api.MessageBatch}).
     * UIDs not in the mailbox are left out. 400 beyond {@value #BATCH_MESSAGES} messages or
     * {@value #BATCH_BYTES} octets together (the caller knows the sizes and asks for less).
     */
    @GET
    @Path("/messages/contents")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Uni<byte[]> contents(@QueryParam("uids") String uids) {
        List<Long> list;
        try {
            list = uids == null || uids.isBlank() ? List.of() : Arrays.stream(uids.split(",")).map(String::strip).map(Long::parseLong).toList();
        } catch (NumberFormatException e) {
            throw MailboxException.badRequest("uids is a comma-separated list of UIDs");
        }
        if (list.isEmpty() || list.size() > BATCH_MESSAGES) {
            throw MailboxException.badRequest("between 1 and " + BATCH_MESSAGES + " UIDs per batch");
        }
        return store.readWhole(accountId, mailboxId, list, BATCH_BYTES).map(found -> edu.hamburger.mail.core.api.MessageBatch.encode(
                found.stream().map(w -> new edu.hamburger.mail.core.api.MessageBatch.Message(w.uid(), w.raw())).toList()));
    }

    @POST
    @Path("/flags")
    public Uni<FlagChangeResult> changeFlags(FlagChange request) {
        if (request == null) {
            throw MailboxException.badRequest("a flag change is required");
        }
        return store.changeFlags(accountId, mailboxId, request)
                .call(changed -> changes.publish(changed.change()))
                .map(MessageStore.FlagsChanged::result);
    }

    /** EXPUNGE: everything flagged \Deleted, or only those of {@code uids} (UID EXPUNGE). */
    @POST
    @Path("/expunge")
    public Uni<ExpungeResult> expunge(@QueryParam("uids") String uids) {
        UidSet set = uids == null ? null : MessageStore.uidSet(uids);
        return store.expunge(accountId, mailboxId, set)
                .call(expunged -> changes.publish(expunged.change()))
                .map(MessageStore.Expunged::result);
    }

    /** UIDs expunged after a modseq (QRESYNC VANISHED (EARLIER)). */
    @GET
    @Path("/expunged")
    public Uni<List<Long>> expunged(@QueryParam("since") @DefaultValue("0") long since) {
        return store.expungedSince(accountId, mailboxId, since);
    }

    private static Instant parseInstant(String text) {
        if (text == null || text.isBlank()) {
            return Instant.now();
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw MailboxException.badRequest("internalDate must be an ISO-8601 instant: " + text);
        }
    }
}

package edu.hamburger.mail.mailbox.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.hamburger.mail.core.search.SearchGrams;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code message} rows: each content stored once per SHA-256, with what parsing found
 * (envelope, body structure, search text). Entries in mailboxes point at these rows.
 */
@ApplicationScoped
public class MessageContents {

    private static final String INSERT = """
            insert into message (sha256, size, header_size, raw, envelope, body_structure, sent_date, header_text, body_text, sent_day,
                                 search_grams, thread_references, search_version, preview)
            values ($1, $2, $3, $4, $5::text::jsonb, $6::text::jsonb, $7, $8, $9, $10, array_to_tsvector($11::text[]), $12, $13, $14)
            on conflict (sha256) do update set sha256 = excluded.sha256
            returning id""";

    @Inject
    ObjectMapper json;

    /** The row id of this content, stored now unless an identical message is stored already. */
    public Uni<Long> store(SqlConnection conn, StoredMessage message) {
        return storeAll(conn, List.of(message)).map(ids -> ids.get(ByteBuffer.wrap(message.sha256())));
    }

    /**
     * Row ids by content address for many messages in two round trips: one query finds the
     * contents already stored, one pipelined batch inserts the others.
     */
    public Uni<Map<ByteBuffer, Long>> storeAll(SqlConnection conn, List<StoredMessage> messages) {
        Map<ByteBuffer, StoredMessage> distinct = new LinkedHashMap<>();
        for (StoredMessage message : messages) {
            distinct.putIfAbsent(ByteBuffer.wrap(message.sha256()), message);
        }
        // an array parameter takes the core Buffer type, not the Mutiny wrapper
        io.vertx.core.buffer.Buffer[] digests = distinct.keySet().stream()
                .map(key -> io.vertx.core.buffer.Buffer.buffer(key.array())).toArray(io.vertx.core.buffer.Buffer[]::new);
        return conn.preparedQuery("select id, sha256 from message where sha256 = any($1)")
                .execute(Tuple.of((Object) digests))
                .chain(found -> {
                    Map<ByteBuffer, Long> ids = new HashMap<>();
                    for (Row row : found) {
                        ids.put(ByteBuffer.wrap(row.getBuffer("sha256").getBytes()), row.getLong("id"));
                    }
                    List<StoredMessage> missing = new ArrayList<>();
                    distinct.forEach((key, message) -> {
                        if (!ids.containsKey(key)) {
                            missing.add(message);
                        }
                    });
                    if (missing.isEmpty()) {
                        return Uni.createFrom().item(ids);
                    }
                    return conn.preparedQuery(INSERT).executeBatch(missing.stream().map(this::row).toList())
                            .map(inserted -> {
                                RowSet<Row> result = inserted;
                                for (StoredMessage message : missing) {
                                    ids.put(ByteBuffer.wrap(message.sha256()), result.iterator().next().getLong("id"));
                                    result = result.next();
                                }
                                return ids;
                            });
                });
    }

    /**
     * Rewrites a stored row's parsed columns (decoded text, index pieces, References, preview) from
     * the message as the parser reads it now, and marks it current (SearchReindexer); the same
     * values {@link #storeAll} writes for a new message.
     */
    public Uni<Void> refreshSearch(SqlConnection conn, long id, StoredMessage message) {
        return conn.preparedQuery("""
                        update message set header_text = $2, body_text = $3, search_grams = array_to_tsvector($4::text[]),
                               thread_references = coalesce(thread_references, $5), search_version = $6,
                               preview = coalesce(preview, $7)
                         where id = $1""")
                .execute(Tuple.tuple().addLong(id).addString(searchable(message.parsed().headerText()))
                        .addString(searchable(message.parsed().bodyText())).addArrayOfString(message.searchGrams())
                        .addString(storable(message.parsed().references())).addShort((short) SearchGrams.VERSION)
                        .addString(storable(message.parsed().preview())))
                .replaceWithVoid();
    }

    /** Decoded text as search reads it: folded (SearchGrams.fold) and storable. */
    private static String searchable(String text) {
        return storable(SearchGrams.fold(text));
    }

    /** Text as a PostgreSQL text column takes it: without NUL (null stays null). */
    private static String storable(String text) {
        return text == null ? null : text.replace("\u0000", "");
    }

    private Tuple row(StoredMessage message) {
        OffsetDateTime sent = message.parsed().sentDate();
        String headerText = searchable(message.parsed().headerText());
        String bodyText = searchable(message.parsed().bodyText());
        return Tuple.tuple().addBuffer(Buffer.buffer(message.sha256())).addLong((long) message.raw().length)
                .addInteger(message.parsed().headerSize())
                // wrapped, not copied: a 25 MB message is held once less while it is written
                .addBuffer(Buffer.newInstance(io.vertx.core.buffer.Buffer.buffer(io.netty.buffer.Unpooled.wrappedBuffer(message.raw()))))
                .addString(toJson(message.parsed().envelope()))
                .addString(toJson(message.parsed().body()))
                .addOffsetDateTime(sent == null ? null : sent.withOffsetSameInstant(ZoneOffset.UTC))
                .addString(headerText)
                .addString(bodyText)
                .addLocalDate(sent == null ? null : sent.toLocalDate()) // the day in the sender's zone
                .addArrayOfString(message.searchGrams())
                .addString(storable(message.parsed().references()))
                .addShort((short) SearchGrams.VERSION)
                .addString(storable(message.parsed().preview()));
    }

    static OffsetDateTime utc(Instant instant) {
        return (instant == null ? Instant.now() : instant).atOffset(ZoneOffset.UTC);
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}

package edu.hamburger.mail.mailbox.store;

import static edu.hamburger.mail.mailbox.TestAccounts.api;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.api.SearchKey;
import edu.hamburger.mail.core.search.SearchGrams;
import edu.hamburger.mail.mailbox.TestAccounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Messages stored before the search index get their pieces, References and today's decoded text in the background. */
@QuarkusTest
class SearchReindexerTest {

    @Inject
    Pool pool;

    @Inject
    SearchReindexer reindexer;

    @Test
    void aMessageStoredBeforeTheIndexIsReindexedAndFoundThroughIt() {
        long account = TestAccounts.create("reindex", 1L << 30);
        long inbox = TestAccounts.mailbox(account, "INBOX");
        String raw = "Subject: lecture\r\nReferences: <first@example.test>\r\n\r\n오늘 강의는 재미있었다\r\n";
        long messageId = appendAndFindItsContent(account, inbox, raw);
        // as a row stored before V15 looks (and before 8-bit text was read as UTF-8): no pieces, no
        // References, the body text unreadable
        pool.preparedQuery("""
                        update message set search_grams = '''*'''::tsvector, search_version = 0, thread_references = null,
                               body_text = '?? ??? ?????' where id = $1""")
                .execute(Tuple.of(messageId)).await().indefinitely();
        assertEquals(List.of(), search(account, inbox, "강의"), "the old text does not hold the word");

        while (reindexer.runBatch().await().indefinitely() > 0) {
            // until none is left (another test's startup run may have taken some)
        }

        Row row = pool.preparedQuery("select search_version, search_grams::text as grams, thread_references, body_text from message where id = $1")
                .execute(Tuple.of(messageId)).await().indefinitely().iterator().next();
        assertEquals(SearchGrams.VERSION, (int) row.getShort("search_version"));
        assertNotEquals("'*'", row.getString("grams"));
        assertEquals("<first@example.test>", row.getString("thread_references"));
        assertEquals(List.of(1), search(account, inbox, "강의"), "found through the index pieces now");
        assertEquals(0, reindexer.runBatch().await().indefinitely(), "nothing is left to do");
    }

    @Test
    void textStoredUnfoldedIsFoundWithoutCaseBeforeAndAfterItIsFolded() {
        long account = TestAccounts.create("refold", 1L << 30);
        long inbox = TestAccounts.mailbox(account, "INBOX");
        String raw = "Subject: The Lecture\r\n\r\nThe LECTURE Notes are online\r\n";
        long messageId = appendAndFindItsContent(account, inbox, raw);
        assertTrue(bodyText(messageId).startsWith("the lecture notes are online"), "stored folded: " + bodyText(messageId));
        // as search data version 1 stored it: the text as decoded, not folded
        pool.preparedQuery("update message set search_version = 1, header_text = 'Subject: The Lecture\n', body_text = $2 where id = $1")
                .execute(Tuple.of(messageId, "The LECTURE Notes are online\r\n")).await().indefinitely();
        assertEquals(List.of(1), search(account, inbox, "lecture NOTES"), "lower-cased at search time until it is folded");
        assertEquals(List.of(1), searchKey(account, inbox, SearchKey.of("SUBJECT", "LECTURE")));

        while (reindexer.runBatch().await().indefinitely() > 0) {
            // until none is left
        }

        assertTrue(bodyText(messageId).startsWith("the lecture notes are online"), "folded now: " + bodyText(messageId));
        assertEquals(List.of(1), search(account, inbox, "lecture NOTES"));
        assertEquals(List.of(1), searchKey(account, inbox, SearchKey.of("SUBJECT", "LECTURE")));
        assertEquals(List.of(1), searchKey(account, inbox, SearchKey.of("TEXT", "the lecture")));
        assertEquals(List.of(), search(account, inbox, "lectures"));
    }

    @Test
    void aMessageStoredBeforePreviewsGetsItsPreviewInTheBackground() {
        long account = TestAccounts.create("preview-backfill", 1L << 30);
        long inbox = TestAccounts.mailbox(account, "INBOX");
        String raw = "Subject: notes\r\n\r\nThe notes for Thursday are online.\r\n";
        long messageId = appendAndFindItsContent(account, inbox, raw);
        // as a row stored before V19 looks once V20 has run: folded text (version 2), no preview
        pool.preparedQuery("update message set preview = null, search_version = 2 where id = $1")
                .execute(Tuple.of(messageId)).await().indefinitely();

        while (reindexer.runBatch().await().indefinitely() > 0) {
            // until none is left
        }

        Row row = pool.preparedQuery("select search_version, preview from message where id = $1")
                .execute(Tuple.of(messageId)).await().indefinitely().iterator().next();
        assertEquals("The notes for Thursday are online.", row.getString("preview"));
        assertEquals(SearchGrams.VERSION, (int) row.getShort("search_version"));
        assertEquals(List.of(1), search(account, inbox, "thursday"), "its search data is as before");
    }

    /** Appends through the API and answers the id of the stored content (the message row). */
    private long appendAndFindItsContent(long account, long inbox, String raw) {
        api().contentType("message/rfc822").body(raw.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/accounts/" + account + "/mailboxes/" + inbox + "/messages").then().statusCode(201);
        return pool.preparedQuery("select message_id from mailbox_entry where mailbox_id = $1").execute(Tuple.of(inbox))
                .await().indefinitely().iterator().next().getLong("message_id");
    }

    private String bodyText(long messageId) {
        return pool.preparedQuery("select body_text from message where id = $1").execute(Tuple.of(messageId))
                .await().indefinitely().iterator().next().getString("body_text");
    }

    private static List<Integer> searchKey(long account, long box, SearchKey key) {
        return api().contentType(ContentType.JSON).body(key)
                .post("/api/v1/accounts/" + account + "/mailboxes/" + box + "/search").then().statusCode(200).extract().path("");
    }

    private static List<Integer> search(long account, long box, String word) {
        return searchKey(account, box, SearchKey.of("BODY", word));
    }
}

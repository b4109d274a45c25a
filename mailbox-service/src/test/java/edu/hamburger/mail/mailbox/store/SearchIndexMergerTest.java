package edu.hamburger.mail.mailbox.store;

import static edu.hamburger.mail.mailbox.TestAccounts.api;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.api.SearchKey;
import edu.hamburger.mail.mailbox.TestAccounts;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search index's pending list is merged by the service, not inside filing transactions. */
@QuarkusTest
class SearchIndexMergerTest {

    @Inject
    Pool pool;

    @Inject
    SearchIndexMerger merger;

    @Inject
    MeterRegistry registry;

    @Test
    void whatFilingAppendsToThePendingListIsMergedInTheBackgroundAndStaysSearchable() {
        long account = TestAccounts.create("merge", 1L << 30);
        long inbox = TestAccounts.mailbox(account, "INBOX");
        double before = mergedPages();
        appendMessages(account, inbox, 20);
        // the merger's next round (every second) takes the pending pages those appends wrote
        await().atMost(Duration.ofSeconds(15)).until(() -> mergedPages() > before);

        List<Integer> found = api().contentType(ContentType.JSON).body(SearchKey.of("TEXT", "kitchen"))
                .post("/api/v1/accounts/" + account + "/mailboxes/" + inbox + "/search").then().statusCode(200).extract().path("");
        assertEquals(20, found.size(), "every message is found through the merged index");
    }

    @Test
    void filingOnlyAppendsWhileAnotherReplicaHoldsTheMergeAndThisOneSkipsItsRound() {
        long account = TestAccounts.create("merge-held", 1L << 30);
        long inbox = TestAccounts.mailbox(account, "INBOX");
        SqlConnection otherReplica = pool.getConnection().await().indefinitely();
        try {
            otherReplica.query("begin").execute().await().indefinitely();
            otherReplica.query("select pg_advisory_xact_lock(hashtext('message_search_grams'))").execute().await().indefinitely();
            assertEquals(-1L, merger.mergeOnce().await().indefinitely(), "this replica skips the round");

            appendMessages(account, inbox, 20);

            long pending = otherReplica.query("select gin_clean_pending_list('message_search_grams'::regclass) as pages").execute()
                    .await().indefinitely().iterator().next().getLong("pages");
            assertTrue(pending > 0, "the filing transactions left their pieces pending instead of merging them");
        } finally {
            otherReplica.query("rollback").execute().await().indefinitely();
            otherReplica.closeAndAwait();
        }
    }

    @Test
    void filingTransactionsMergeOnlyPastTheBackstopLimit() {
        String options = pool.query("select array_to_string(reloptions, ',') as options from pg_class where relname = 'message_search_grams'")
                .execute().await().indefinitely().iterator().next().getString("options");
        assertTrue(options.contains("gin_pending_list_limit=16384"), options);
    }

    /** Messages of their own (a content stored already adds no row, so nothing to the index). */
    private static void appendMessages(long account, long inbox, int count) {
        for (int i = 0; i < count; i++) {
            api().contentType("message/rfc822")
                    .body(("Subject: merge " + account + "." + i + "\r\n\r\nQuarterly figures " + i + " for the kitchen\r\n").getBytes(StandardCharsets.UTF_8))
                    .post("/api/v1/accounts/" + account + "/mailboxes/" + inbox + "/messages").then().statusCode(201);
        }
    }

    private double mergedPages() {
        return registry.counter("mail.search.index.merged.pages").count();
    }
}

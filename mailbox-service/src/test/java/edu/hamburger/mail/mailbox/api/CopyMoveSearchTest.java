package edu.hamburger.mail.mailbox.api;

import static edu.hamburger.mail.mailbox.TestAccounts.api;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import edu.hamburger.mail.core.api.SearchKey;
import edu.hamburger.mail.mailbox.TestAccounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** COPY/MOVE with UIDPLUS answers, SEARCH with the IMAP keys, and listing by sequence number. */
@QuarkusTest
class CopyMoveSearchTest {

    private static long append(long account, long box, String raw, String flags, String date) {
        var request = api().contentType("message/rfc822").body(raw.getBytes(StandardCharsets.UTF_8)).queryParam("flags", flags);
        if (date != null) {
            request = request.queryParam("internalDate", date);
        }
        return ((Number) request.post("/api/v1/accounts/" + account + "/mailboxes/" + box + "/messages")
                .then().statusCode(201).extract().path("uid")).longValue();
    }

    private static List<Integer> search(long account, long box, SearchKey key) {
        return api().contentType(ContentType.JSON).body(key)
                .post("/api/v1/accounts/" + account + "/mailboxes/" + box + "/search").then().statusCode(200).extract().path("");
    }

    @Test
    void copyAndMoveAnswerWithUidPairs() {
        long account = TestAccounts.create("copy", 1L << 30);
        long source = TestAccounts.newMailbox(account);
        long target = TestAccounts.newMailbox(account);
        append(account, source, "Subject: one\r\n\r\n1\r\n", "\\Flagged", null);
        append(account, source, "Subject: two\r\n\r\n2\r\n", "", null);
        append(account, source, "Subject: three\r\n\r\n3\r\n", "", null);
        append(account, target, "Subject: already there\r\n\r\n0\r\n", "", null);
        long validity = ((Number) api().get("/api/v1/accounts/" + account + "/mailboxes/" + target).then().extract().path("uidValidity")).longValue();

        api().contentType(ContentType.JSON).body(Map.of("uids", "1,3", "targetMailboxId", target, "move", false))
                .post("/api/v1/accounts/" + account + "/mailboxes/" + source + "/copy").then().statusCode(200)
                .body("uidValidity", equalTo((int) validity)).body("sourceUids", contains(1, 3)).body("targetUids", contains(2, 3));
        api().get("/api/v1/accounts/" + account + "/mailboxes/" + target + "/messages").then()
                .body("uid", contains(1, 2, 3)).body("[1].flags", contains("\\Flagged"));

        api().contentType(ContentType.JSON).body(Map.of("uids", "2:*", "targetMailboxId", target, "move", true))
                .post("/api/v1/accounts/" + account + "/mailboxes/" + source + "/copy").then().statusCode(200)
                .body("sourceUids", contains(2, 3)).body("targetUids", contains(4, 5));
        api().get("/api/v1/accounts/" + account + "/mailboxes/" + source + "/messages").then().body("uid", contains(1));
        api().get("/api/v1/accounts/" + account + "/mailboxes/" + source + "/expunged").then().body("", contains(2, 3));

        long stranger = TestAccounts.create("stranger", 1L << 30);
        long strangersInbox = TestAccounts.mailbox(stranger, "INBOX");
        api().contentType(ContentType.JSON).body(Map.of("uids", "1", "targetMailboxId", strangersInbox, "move", false))
                .post("/api/v1/accounts/" + account + "/mailboxes/" + source + "/copy").then().statusCode(404);
        api().get("/api/v1/accounts/" + stranger + "/mailboxes/" + strangersInbox + "/messages").then().body("", hasSize(0));
    }

    @Test
    void searchKeysFindTheRightUids() {
        long account = TestAccounts.create("search", 1L << 30);
        long box = TestAccounts.newMailbox(account);
        append(account, box, "From: =?UTF-8?B?7JWo66as7Iqk?= <alice@crepes.fr>\r\nSubject: =?UTF-8?B?7JWI64WV?=\r\n"
                + "Date: Mon, 2 Nov 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n케첩을 좋아하나요?\r\n",
                "\\Seen", "2026-11-02T10:00:00Z");
        append(account, box, "From: bob@hamburger.edu\r\nSubject: Pickles\r\nX-Mood: happy\r\n"
                + "Date: Tue, 24 Nov 2026 10:00:00 +0000\r\n\r\nHow about PICKLES?\r\n" + "x".repeat(2000) + "\r\n",
                "\\Flagged $Important", "2026-11-24T10:00:00Z");
        append(account, box, "From: carol@hamburger.edu\r\nSubject: re: pickles\r\n\r\nno ketchup\r\n", "", "2026-11-25T10:00:00Z");

        assertEquals(List.of(1), search(account, box, SearchKey.of("BODY", "케첩")));
        assertEquals(List.of(1), search(account, box, SearchKey.of("FROM", "앨리스")));
        assertEquals(List.of(1), search(account, box, SearchKey.of("SUBJECT", "안녕")));
        assertEquals(List.of(2, 3), search(account, box, SearchKey.of("SUBJECT", "pickles")));
        assertEquals(List.of(2, 3), search(account, box, SearchKey.of("TEXT", "hamburger")));
        assertEquals(List.of(2), search(account, box, SearchKey.of("BODY", "pickles")));
        // two letters: the index holds them as the start of a piece of three, or as a word's last two
        assertEquals(List.of(2), search(account, box, SearchKey.of("BODY", "CK")));
        assertEquals(List.of(2), search(account, box, SearchKey.of("BODY", "es")));
        assertEquals(List.of(3), search(account, box, SearchKey.of("BODY", "ke")));
        assertEquals(List.of(2, 3), search(account, box, SearchKey.of("UNSEEN")));
        assertEquals(List.of(2), search(account, box, SearchKey.of("KEYWORD", "$important")));
        assertEquals(List.of(2), search(account, box, SearchKey.of("LARGER", "1000")));
        assertEquals(List.of(1), search(account, box, SearchKey.of("BEFORE", "2026-11-03")));
        assertEquals(List.of(2), search(account, box, SearchKey.of("ON", "2026-11-24")));
        assertEquals(List.of(2, 3), search(account, box, SearchKey.of("SINCE", "2026-11-24")));
        assertEquals(List.of(1), search(account, box, SearchKey.of("SENTBEFORE", "2026-11-10")));
        assertEquals(List.of(2), search(account, box,
                new SearchKey("HEADER", "happy", "x-mood", List.of())));
        assertEquals(List.of(1, 3), search(account, box,
                SearchKey.or(SearchKey.of("SEEN"), SearchKey.of("FROM", "carol"))));
        assertEquals(List.of(1, 3), search(account, box, SearchKey.not(SearchKey.of("FLAGGED"))));
        assertEquals(List.of(3), search(account, box,
                SearchKey.and(SearchKey.of("UID", "2:*"), SearchKey.of("UNFLAGGED"))));
        assertEquals(List.of(), search(account, box, SearchKey.of("BODY", "%")));
        assertEquals(List.of(1, 2, 3), search(account, box, SearchKey.of("ALL")));

        api().contentType(ContentType.JSON).body(SearchKey.of("BOGUS"))
                .post("/api/v1/accounts/" + account + "/mailboxes/" + box + "/search").then().statusCode(400);
        api().contentType(ContentType.JSON).body(SearchKey.of("LARGER", "many"))
                .post("/api/v1/accounts/" + account + "/mailboxes/" + box + "/search").then().statusCode(400);

        api().queryParam("seq", "2:*").get("/api/v1/accounts/" + account + "/mailboxes/" + box + "/messages").then()
                .body("uid", contains(2, 3));
    }

    /** RFC 3501 §6.4.4: the Date: header's own day, "disregarding time and timezone" (imaptest's search-date group). */
    @Test
    void sentDateKeysUseTheDayInTheSendersZone() {
        long account = TestAccounts.create("sentday", 1L << 30);
        long box = TestAccounts.newMailbox(account);
        for (String date : List.of("Sat, 24 Mar 2007 23:00:00 +0200", "Sun, 25 Mar 2007 00:00:00 +0200",
                "Sun, 25 Mar 2007 23:00:00 +0300", "Mon, 26 Mar 2007 00:00:00 +0300", "Sun, 25 Mar 2007 20:00:00 EST")) {
            append(account, box, "Subject: zones\r\nDate: " + date + "\r\n\r\nbody\r\n", "", "2026-11-25T10:00:00Z");
        }
        // in UTC the days would be 24, 24, 25, 25, 26
        assertEquals(List.of(1), search(account, box, SearchKey.of("SENTON", "2007-03-24")));
        assertEquals(List.of(2, 3, 5), search(account, box, SearchKey.of("SENTON", "2007-03-25")));
        assertEquals(List.of(1, 2, 3, 5), search(account, box, SearchKey.of("SENTBEFORE", "2007-03-26")));
        assertEquals(List.of(4), search(account, box, SearchKey.of("SENTSINCE", "2007-03-26")));
    }
}

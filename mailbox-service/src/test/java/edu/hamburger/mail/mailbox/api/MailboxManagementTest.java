package edu.hamburger.mail.mailbox.api;

import static edu.hamburger.mail.mailbox.TestAccounts.api;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import edu.hamburger.mail.mailbox.TestAccounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CREATE, RENAME (children follow), DELETE, SUBSCRIBE through the API. */
@QuarkusTest
class MailboxManagementTest {

    private static long create(long account, String name) {
        return ((Number) api().contentType(ContentType.JSON).body(Map.of("name", name))
                .post("/api/v1/accounts/" + account + "/mailboxes").then().statusCode(201).extract().path("id")).longValue();
    }

    @Test
    void renameTakesTheChildrenAlongAndKeepsUids() {
        long account = TestAccounts.create("ren", 1L << 30);
        long work = create(account, "Work");
        create(account, "Work/2026");
        create(account, "Work/2026/Q4");
        create(account, "Workshop");
        api().contentType("message/rfc822").body("Subject: a\r\n\r\nb\r\n".getBytes(StandardCharsets.US_ASCII))
                .post("/api/v1/accounts/" + account + "/mailboxes/" + work + "/messages").then().statusCode(201);
        long validity = ((Number) api().get("/api/v1/accounts/" + account + "/mailboxes/" + work).then().extract().path("uidValidity")).longValue();

        api().contentType(ContentType.JSON).body(Map.of("name", "Jobs/Old"))
                .post("/api/v1/accounts/" + account + "/mailboxes/" + work + "/rename").then().statusCode(200)
                .body("name", equalTo("Jobs/Old")).body("messages", equalTo(1)).body("uidValidity", equalTo((int) validity));
        api().get("/api/v1/accounts/" + account + "/mailboxes").then().statusCode(200)
                .body("name", hasItems("Jobs/Old", "Jobs/Old/2026", "Jobs/Old/2026/Q4", "Workshop"))
                .body("name", not(hasItem("Work/2026")));

        api().contentType(ContentType.JSON).body(Map.of("name", "Workshop"))
                .post("/api/v1/accounts/" + account + "/mailboxes/" + work + "/rename").then().statusCode(409);
        api().contentType(ContentType.JSON).body(Map.of("name", "Jobs/Old/2026/x"))
                .post("/api/v1/accounts/" + account + "/mailboxes/" + work + "/rename").then().statusCode(400);
        long inbox = TestAccounts.mailbox(account, "INBOX");
        api().contentType(ContentType.JSON).body(Map.of("name", "Old-Inbox"))
                .post("/api/v1/accounts/" + account + "/mailboxes/" + inbox + "/rename").then().statusCode(400);
    }

    @Test
    void deleteRefusesInboxAndParentsAndFreesTheQuota() {
        long account = TestAccounts.create("del", 1L << 30);
        long parent = create(account, "Parent");
        long child = create(account, "Parent/Child");
        api().contentType("message/rfc822").body("Subject: a\r\n\r\nb\r\n".getBytes(StandardCharsets.US_ASCII))
                .post("/api/v1/accounts/" + account + "/mailboxes/" + child + "/messages").then().statusCode(201);
        api().delete("/api/v1/accounts/" + account + "/mailboxes/" + parent).then().statusCode(409).body("error", equalTo("has-children"));
        api().delete("/api/v1/accounts/" + account + "/mailboxes/" + child).then().statusCode(200).body("name", equalTo("Parent/Child"));
        api().delete("/api/v1/accounts/" + account + "/mailboxes/" + parent).then().statusCode(200);
        api().get("/api/v1/accounts/" + account + "/mailboxes/" + child).then().statusCode(404);
        api().delete("/api/v1/accounts/" + account + "/mailboxes/" + TestAccounts.mailbox(account, "INBOX")).then().statusCode(400);
    }

    @Test
    void subscribeAndUnsubscribe() {
        long account = TestAccounts.create("sub", 1L << 30);
        long box = create(account, "Lists");
        api().contentType(ContentType.JSON).body(Map.of("subscribed", false))
                .post("/api/v1/accounts/" + account + "/mailboxes/" + box + "/subscription").then().statusCode(200)
                .body("subscribed", equalTo(false));
        api().get("/api/v1/accounts/" + account + "/mailboxes/" + box).then().body("subscribed", equalTo(false));
        api().contentType(ContentType.JSON).body(Map.of("subscribed", true))
                .post("/api/v1/accounts/" + account + "/mailboxes/" + box + "/subscription").then().body("subscribed", equalTo(true));
    }
}

package edu.hamburger.mail.mailbox.api;

import static edu.hamburger.mail.mailbox.TestAccounts.api;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import edu.hamburger.mail.mailbox.TestAccounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Errors are JSON with a code and a clear status. */
@QuarkusTest
class ApiErrorsTest {

    @Test
    void unknownMailboxOrMessageIs404() {
        long account = TestAccounts.create("e404", 1L << 30);
        api().get("/api/v1/accounts/" + account + "/mailboxes/999999999/messages").then().statusCode(404)
                .contentType(ContentType.JSON).body("error", equalTo("not-found"));
        long inbox = TestAccounts.mailbox(account, "INBOX");
        api().get("/api/v1/accounts/" + account + "/mailboxes/" + inbox + "/messages/77/content").then().statusCode(404)
                .body("message", containsString("message 77"));
        api().queryParam("name", "Nope").get("/api/v1/accounts/" + account + "/mailboxes/by-name").then().statusCode(404);
    }

    @Test
    void existingMailboxIs409() {
        long account = TestAccounts.create("e409", 1L << 30);
        api().contentType(ContentType.JSON).body(Map.of("name", "Projects/2026")).post("/api/v1/accounts/" + account + "/mailboxes")
                .then().statusCode(201).body("name", equalTo("Projects/2026"));
        api().contentType(ContentType.JSON).body(Map.of("name", "Projects/2026")).post("/api/v1/accounts/" + account + "/mailboxes")
                .then().statusCode(409).body("error", equalTo("exists"));
        api().contentType(ContentType.JSON).body(Map.of("name", "inbox")).post("/api/v1/accounts/" + account + "/mailboxes")
                .then().statusCode(409);
    }

    @Test
    void overQuotaIs507AndChargesNothing() {
        long account = TestAccounts.create("e413", 100);
        long inbox = TestAccounts.mailbox(account, "INBOX");
        String url = "/api/v1/accounts/" + account + "/mailboxes/" + inbox + "/messages";
        api().contentType("message/rfc822").body("Subject: small\r\n\r\nfits\r\n".getBytes(StandardCharsets.US_ASCII))
                .post(url).then().statusCode(201);
        api().contentType("message/rfc822").body(("Subject: large\r\n\r\n" + "x".repeat(200) + "\r\n").getBytes(StandardCharsets.US_ASCII))
                .post(url).then().statusCode(507).body("error", equalTo("over-quota"));
        api().get("/api/v1/accounts/" + account + "/mailboxes/" + inbox).then().body("messages", equalTo(1));
    }

    /** IMAP QUOTA's MESSAGE resource: appends and copies count, moves do not, expunges and deleted mailboxes give back. */
    @Test
    void aMessageQuotaCountsWhatTheAccountHolds() {
        long account = TestAccounts.create("msgq", 1L << 30);
        long inbox = TestAccounts.mailbox(account, "INBOX");
        long other = TestAccounts.newMailbox(account);
        String base = "/api/v1/accounts/" + account + "/mailboxes/";
        given().header("Authorization", "Bearer test-admin-api-token").contentType(ContentType.JSON).body(Map.of("quotaMessages", 3))
                .put("/api/v1/admin/accounts/" + account + "/quota").then().statusCode(204);
        for (int i = 1; i <= 2; i++) {
            api().contentType("message/rfc822").body(("Subject: m" + i + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII))
                    .post(base + inbox + "/messages").then().statusCode(201);
        }
        api().get(base + "quota").then().body("usedMessages", equalTo(2)).body("limitMessages", equalTo(3))
                .body("limitBytes", equalTo(1 << 30));
        // a copy of both would make 4: refused whole, nothing copied
        api().contentType(ContentType.JSON).body(Map.of("uids", "1:2", "targetMailboxId", other, "move", false))
                .post(base + inbox + "/copy").then().statusCode(507).body("error", equalTo("over-quota"))
                .body("message", containsString("message quota"));
        api().contentType(ContentType.JSON).body(Map.of("uids", "1", "targetMailboxId", other, "move", false))
                .post(base + inbox + "/copy").then().statusCode(200);
        api().contentType("message/rfc822").body("Subject: m4\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII))
                .post(base + inbox + "/messages").then().statusCode(507).body("error", equalTo("over-quota"));
        // a move holds as many as before
        api().contentType(ContentType.JSON).body(Map.of("uids", "2", "targetMailboxId", other, "move", true))
                .post(base + inbox + "/copy").then().statusCode(200);
        api().get(base + "quota").then().body("usedMessages", equalTo(3));
        api().contentType(ContentType.JSON).body(Map.of("uids", "1:*", "mode", "ADD", "flags", List.of("\\Deleted")))
                .post(base + inbox + "/flags").then().statusCode(200);
        api().post(base + inbox + "/expunge").then().statusCode(200);
        api().get(base + "quota").then().body("usedMessages", equalTo(2));
        api().delete(base + other).then().statusCode(200);
        api().get(base + "quota").then().body("usedMessages", equalTo(0));
        // 0 lifts the limit
        given().header("Authorization", "Bearer test-admin-api-token").contentType(ContentType.JSON).body(Map.of("quotaMessages", 0))
                .put("/api/v1/admin/accounts/" + account + "/quota").then().statusCode(204);
        api().get(base + "quota").then().body("limitMessages", equalTo(null));
    }

    @Test
    void aMessageLargerThanTheStoreTakesIs413NotOverQuota() {
        long account = TestAccounts.create("e413", 1L << 40);
        long inbox = TestAccounts.mailbox(account, "INBOX");
        byte[] huge = new byte[32 * 1024 * 1024 + 1];
        java.util.Arrays.fill(huge, (byte) 'x');
        api().contentType("message/rfc822").body(huge).post("/api/v1/accounts/" + account + "/mailboxes/" + inbox + "/messages")
                .then().statusCode(413).body("error", equalTo("message-too-large"));
    }

    @Test
    void badRequestsAre400() {
        long account = TestAccounts.create("e400", 1L << 30);
        long inbox = TestAccounts.mailbox(account, "INBOX");
        String base = "/api/v1/accounts/" + account + "/mailboxes/" + inbox;
        api().queryParam("uids", "1:x").get(base + "/messages").then().statusCode(400).body("error", equalTo("invalid"));
        api().queryParam("uids", "0").get(base + "/messages").then().statusCode(400);
        api().contentType(ContentType.JSON).body(Map.of("uids", "1", "mode", "ADD", "flags", List.of("\\Bogus")))
                .post(base + "/flags").then().statusCode(400).body("message", containsString("\\Bogus"));
        api().contentType(ContentType.JSON).body(Map.of("name", "a//b")).post("/api/v1/accounts/" + account + "/mailboxes")
                .then().statusCode(400);
        api().contentType("message/rfc822").body(new byte[0]).post(base + "/messages").then().statusCode(400);
        api().contentType("message/rfc822").queryParam("internalDate", "yesterday")
                .body("Subject: x\r\n\r\ny\r\n".getBytes(StandardCharsets.US_ASCII)).post(base + "/messages").then().statusCode(400);
        api().get(base + "/messages/1/content?part=bogus").then().statusCode(404); // no message 1 yet
    }

    @Test
    void noTokenIs401() {
        given().get("/api/v1/accounts/1/mailboxes").then().statusCode(401).body("error", containsString("token"));
    }
}

package edu.hamburger.mail.mailbox.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static edu.hamburger.mail.mailbox.TestAccounts.api;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import edu.hamburger.mail.mailbox.TestAccounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An account's id with another account's mailbox finds nothing: no read, flag, append or expunge. */
@QuarkusTest
class AccountIsolationTest {

    @Test
    void oneAccountNeverReachesAnothersMail() {
        long bob = TestAccounts.create("bob", 1L << 30);
        long mallory = TestAccounts.create("mallory", 1L << 30);
        long bobInbox = TestAccounts.mailbox(bob, "INBOX");
        String bobs = "/api/v1/accounts/" + bob + "/mailboxes/" + bobInbox;
        long uid = ((Number) api().contentType("message/rfc822").body("Subject: secret\r\n\r\nfor bob\r\n".getBytes(StandardCharsets.US_ASCII))
                .post(bobs + "/messages").then().statusCode(201).extract().path("uid")).longValue();

        String asMallory = "/api/v1/accounts/" + mallory + "/mailboxes/" + bobInbox;
        api().get(asMallory).then().statusCode(404);
        api().get(asMallory + "/messages").then().statusCode(404).body("error", equalTo("not-found"));
        api().get(asMallory + "/messages/" + uid + "/content").then().statusCode(404);
        assertEquals(0, api().get(asMallory + "/messages/contents?uids=" + uid).then().statusCode(200).extract().asByteArray().length,
                "a batch read through another account's mailbox finds nothing");
        api().contentType(ContentType.JSON).body(Map.of("uids", "1:*", "mode", "ADD", "flags", List.of("\\Deleted")))
                .post(asMallory + "/flags").then().statusCode(404);
        api().post(asMallory + "/expunge").then().statusCode(404);
        api().contentType("message/rfc822").body("Subject: spam\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII))
                .post(asMallory + "/messages").then().statusCode(404);
        api().get(asMallory + "/expunged").then().statusCode(404);

        // bob's message is untouched
        api().get(bobs + "/messages").then().statusCode(200).body("", hasSize(1)).body("[0].flags", hasSize(0));
        api().get("/api/v1/accounts/" + mallory + "/mailboxes").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem((int) bobInbox)));
    }
}

package edu.hamburger.mail.mailbox.api;

import static edu.hamburger.mail.mailbox.TestAccounts.api;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import edu.hamburger.mail.mailbox.TestAccounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Authentication and recipient lookup as the gateways use them. */
@QuarkusTest
class IdentityApiTest {

    @Test
    void authenticateWithAddressOrLocalPart() {
        api().contentType(ContentType.JSON).body(Map.of("username", "alice@example.test", "password", "secret"))
                .post("/api/v1/auth").then().statusCode(200).body("address", equalTo("alice@example.test"));
        api().contentType(ContentType.JSON).body(Map.of("username", "Alice", "password", "secret"))
                .post("/api/v1/auth").then().statusCode(200).body("address", equalTo("alice@example.test"));
        api().contentType(ContentType.JSON).body(Map.of("username", "alice@example.test", "password", "Secret"))
                .post("/api/v1/auth").then().statusCode(401).body("error", equalTo("unauthenticated"));
        api().contentType(ContentType.JSON).body(Map.of("username", "nobody@example.test", "password", "secret"))
                .post("/api/v1/auth").then().statusCode(401).body("error", equalTo("unauthenticated"));
    }

    @Test
    void recipientLookupTellsLocalUnknownAndForeign() {
        api().get("/api/v1/recipients/bob@example.test").then().statusCode(200)
                .body("status", equalTo("LOCAL")).body("accounts", hasSize(1)).body("accounts[0].address", equalTo("bob@example.test"));
        api().get("/api/v1/recipients/BOB@Example.Test").then().body("status", equalTo("LOCAL"));
        api().get("/api/v1/recipients/bob+lists@example.test").then().body("status", equalTo("LOCAL"))
                .body("accounts.address", contains("bob@example.test"));
        api().get("/api/v1/recipients/nobody@example.test").then().statusCode(200).body("status", equalTo("UNKNOWN_USER"));
        api().get("/api/v1/recipients/alice@crepes.fr").then().statusCode(200).body("status", equalTo("NOT_LOCAL_DOMAIN"));
        api().get("/api/v1/recipients/not-an-address").then().statusCode(400);
    }

    @Test
    void newAccountHasTheStandardMailboxes() {
        long account = TestAccounts.create("std", 1L << 30);
        api().get("/api/v1/accounts/" + account + "/mailboxes").then().statusCode(200)
                .body("name", contains("INBOX", "Archive", "Drafts", "Junk", "Sent", "Trash"))
                .body("specialUse", contains(null, "\\Archive", "\\Drafts", "\\Junk", "\\Sent", "\\Trash"))
                .body("subscribed", contains(true, true, true, true, true, true));
    }
}

package edu.hamburger.mail.mailbox.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import edu.hamburger.mail.core.api.Identity;
import edu.hamburger.mail.mailbox.TestAccounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The addresses an account writes as: its own and its aliases, each with a name and a signature only it can set. */
@QuarkusTest
class IdentitySettingsApiTest {

    @Test
    void anAccountListsItsOwnAddressThenItsAliasesAndKeepsANameAndSignatureForEach() {
        long carol = TestAccounts.create("identity", 1L << 30);
        String own = TestAccounts.address(carol);
        String alias = "press-" + own.substring(0, own.indexOf('@')) + "@example.test";
        admin().body(Map.of("address", alias, "accountId", carol)).post("/api/v1/admin/aliases").then().statusCode(201);
        admin().body(Map.of("address", "@example.test", "accountId", carol)).post("/api/v1/admin/aliases").then().statusCode(201)
                .extract().path("id");
        try {
            save(carol, "@example.test", "Everyone", "").then().statusCode(404); // the catch-all is no address to write as
            identities(carol).then().statusCode(200)
                    .body("address", contains(own, alias))
                    .body("displayName", contains("", "")).body("signature", contains("", ""));

            save(carol, alias.toUpperCase(), "  Carol, press office ", "Carol\r\nPress office\r\n\r\n")
                    .then().statusCode(200).body("displayName", equalTo("Carol, press office")).body("signature", equalTo("Carol\nPress office"));
            save(carol, own, "캐럴", "— 캐럴").then().statusCode(200);
            identities(carol).then().body("displayName", contains("캐럴", "Carol, press office"))
                    .body("signature", contains("— 캐럴", "Carol\nPress office"));
            // saved again: replaced, not added
            save(carol, own, "Carol", "").then().statusCode(200);
            identities(carol).then().body("displayName", contains("Carol", "Carol, press office")).body("signature", contains("", "Carol\nPress office"));
        } finally {
            admin().get("/api/v1/admin/aliases").then().extract().jsonPath().getList("findAll { it.address == '@example.test' }.id", Integer.class)
                    .forEach(id -> admin().delete("/api/v1/admin/aliases/" + id).then().statusCode(204));
        }
    }

    @Test
    void anotherAccountsAddressAndUnreadableValuesAreRefused() {
        long carol = TestAccounts.create("identity-own", 1L << 30);
        long dave = TestAccounts.create("identity-other", 1L << 30);
        save(carol, TestAccounts.address(dave), "Dave", "").then().statusCode(404);
        save(carol, "nobody@example.test", "Nobody", "").then().statusCode(404);
        identities(dave).then().body("displayName", contains(""));

        String own = TestAccounts.address(carol);
        save(carol, own, "Carol\r\nBcc: everyone@example.test", "").then().statusCode(400).body("message", containsString("one line"));
        save(carol, own, "x".repeat(Identity.MAX_DISPLAY_NAME + 1), "").then().statusCode(400);
        save(carol, own, "Carol", "y".repeat(Identity.MAX_SIGNATURE + 1)).then().statusCode(400).body("message", containsString("at most"));
        save(carol, own, "Carol", "bell \u0007").then().statusCode(400);
        identities(carol).then().body("displayName", contains(""));
        identities(Long.MAX_VALUE).then().statusCode(404);
    }

    private static io.restassured.response.Response identities(long account) {
        return TestAccounts.api().get("/api/v1/accounts/" + account + "/identities");
    }

    private static io.restassured.response.Response save(long account, String address, String name, String signature) {
        return TestAccounts.api().contentType(ContentType.JSON).body(Map.of("displayName", name, "signature", signature))
                .put("/api/v1/accounts/" + account + "/identities/" + address);
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return given().header("Authorization", "Bearer test-admin-api-token").contentType(ContentType.JSON);
    }
}

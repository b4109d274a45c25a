package edu.hamburger.mail.mailbox.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import edu.hamburger.mail.mailbox.TestAccounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The operators' API: its own token, domains, accounts, passwords, quotas, aliases and catch-alls. */
@QuarkusTest
class AdminApiTest {

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer test-admin-api-token").contentType(ContentType.JSON);
    }

    @Test
    void theServicesTokenIsNotAnAdminToken() {
        TestAccounts.api().get("/api/v1/admin/domains").then().statusCode(401);
        given().get("/api/v1/admin/domains").then().statusCode(401);
        given().header("Authorization", "Bearer test-admin-api-token").get("/api/v1/accounts/1/mailboxes").then().statusCode(401);
        admin().get("/api/v1/admin/domains").then().statusCode(200).body("", hasItem("example.test"));
    }

    @Test
    void domainsAccountsAndAliasesEndToEnd() {
        String domain = "d" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        admin().body(Map.of("name", domain.toUpperCase())).post("/api/v1/admin/domains").then().statusCode(201);
        admin().body(Map.of("name", domain)).post("/api/v1/admin/domains").then().statusCode(409);

        int carol = admin().body(Map.of("address", "Carol@" + domain, "password", "correct horse", "quotaBytes", 5000))
                .post("/api/v1/admin/accounts").then().statusCode(201)
                .body("address", equalTo("carol@" + domain)).body("quotaBytes", equalTo(5000)).extract().path("id");
        admin().body(Map.of("address", "carol@" + domain, "password", "another one")).post("/api/v1/admin/accounts").then().statusCode(409);
        admin().body(Map.of("address", "dave@nowhere.test", "password", "long enough")).post("/api/v1/admin/accounts").then().statusCode(404);
        admin().body(Map.of("address", "dave@" + domain, "password", "short")).post("/api/v1/admin/accounts").then().statusCode(400);

        TestAccounts.api().contentType(ContentType.JSON).body(Map.of("username", "carol@" + domain, "password", "correct horse"))
                .post("/api/v1/auth").then().statusCode(200).body("accountId", equalTo(carol));
        admin().body(Map.of("password", "battery staple")).put("/api/v1/admin/accounts/" + carol + "/password").then().statusCode(204);
        TestAccounts.api().contentType(ContentType.JSON).body(Map.of("username", "carol@" + domain, "password", "correct horse"))
                .post("/api/v1/auth").then().statusCode(401);
        TestAccounts.api().contentType(ContentType.JSON).body(Map.of("username", "carol@" + domain, "password", "battery staple"))
                .post("/api/v1/auth").then().statusCode(200);
        admin().body(Map.of("quotaBytes", 1 << 20)).put("/api/v1/admin/accounts/" + carol + "/quota").then().statusCode(204);
        admin().queryParam("domain", domain).get("/api/v1/admin/accounts").then().body("quotaBytes", contains(1 << 20));
        // a quota of 0 would bounce every message: refused, on creation and on change; absent means the default
        admin().body(Map.of("quotaBytes", 0)).put("/api/v1/admin/accounts/" + carol + "/quota").then().statusCode(400)
                .body("message", containsString("at least 1"));
        admin().body(Map.of("address", "zero@" + domain, "password", "correct horse", "quotaBytes", 0))
                .post("/api/v1/admin/accounts").then().statusCode(400);
        int defaulted = admin().body(Map.of("address", "default@" + domain, "password", "correct horse"))
                .post("/api/v1/admin/accounts").then().statusCode(201).body("quotaBytes", equalTo(1 << 30)).extract().path("id");
        admin().delete("/api/v1/admin/accounts/" + defaulted).then().statusCode(204);

        TestAccounts.api().get("/api/v1/recipients/sales@" + domain).then().body("status", equalTo("UNKNOWN_USER"));
        admin().body(Map.of("address", "sales@" + domain, "accountId", carol)).post("/api/v1/admin/aliases").then().statusCode(201);
        TestAccounts.api().get("/api/v1/recipients/sales@" + domain).then().body("status", equalTo("LOCAL"))
                .body("accounts[0].address", equalTo("carol@" + domain));
        TestAccounts.api().get("/api/v1/recipients/anything@" + domain).then().body("status", equalTo("UNKNOWN_USER"));
        int catchAll = admin().body(Map.of("address", "@" + domain, "accountId", carol)).post("/api/v1/admin/aliases")
                .then().statusCode(201).extract().path("id");
        TestAccounts.api().get("/api/v1/recipients/anything@" + domain).then().body("status", equalTo("LOCAL"));
        admin().delete("/api/v1/admin/aliases/" + catchAll).then().statusCode(204);
        TestAccounts.api().get("/api/v1/recipients/anything@" + domain).then().body("status", equalTo("UNKNOWN_USER"));

        admin().delete("/api/v1/admin/domains/" + domain).then().statusCode(409);
        admin().delete("/api/v1/admin/accounts/" + carol).then().statusCode(204);
        TestAccounts.api().get("/api/v1/recipients/carol@" + domain).then().body("status", equalTo("UNKNOWN_USER"));
        admin().delete("/api/v1/admin/domains/" + domain).then().statusCode(204);
        TestAccounts.api().get("/api/v1/recipients/carol@" + domain).then().body("status", equalTo("NOT_LOCAL_DOMAIN"));
    }
}

package edu.hamburger.mail.mailbox.api;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Each service's own token opens only what that service needs (the test profile sets a relay and
 * an IMAP token beside the shared one): the relay looks up recipients and reads nobody's mail;
 * IMAP reads mailboxes and looks up no recipients; neither opens the admin API.
 */
@QuarkusTest
class ServiceTokensTest {

    private static final String RELAY = "test-relay-token-0123";
    private static final String IMAP = "test-imap-token-0123";

    @Test
    void eachServiceTokenOpensOnlyItsScopes() {
        given().auth().oauth2(RELAY).get("/api/v1/ping").then().statusCode(200);
        given().auth().oauth2(RELAY).get("/api/v1/recipients/someone@example.test").then().statusCode(200);
        given().auth().oauth2(RELAY).get("/api/v1/accounts/1/mailboxes").then().statusCode(403);
        given().auth().oauth2(RELAY).contentType("application/json").body("{\"username\":\"a@example.test\",\"password\":\"x\"}")
                .post("/api/v1/auth").then().statusCode(403);
        given().auth().oauth2(RELAY).contentType("application/json").body("{\"token\":\"x\"}")
                .post("/api/v1/web-sessions/lookup").then().statusCode(403);

        given().auth().oauth2(IMAP).get("/api/v1/recipients/someone@example.test").then().statusCode(403);
        given().auth().oauth2(IMAP).get("/api/v1/accounts/1/mailboxes").then().statusCode(org.hamcrest.Matchers.not(403));
        given().auth().oauth2(IMAP).contentType("application/json").body("{\"token\":\"x\"}")
                .post("/api/v1/web-sessions/lookup").then().statusCode(403);

        given().auth().oauth2(RELAY).get("/api/v1/admin/domains").then().statusCode(401);
        given().auth().oauth2(IMAP).get("/api/v1/admin/domains").then().statusCode(401);
        given().auth().oauth2("test-relay-token-0124").get("/api/v1/ping").then().statusCode(401);
    }
}

package edu.hamburger.mail.mailbox;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The internal API answers only callers holding the service token. */
@QuarkusTest
class InternalApiTokenTest {

    @Test
    void pingWithTheTokenAnswers() {
        given().header("Authorization", "Bearer test-internal-token")
                .get("/api/v1/ping").then()
                .statusCode(200)
                .body("service", equalTo("mailbox-service"))
                .body("apiVersion", equalTo("v1"));
    }

    @Test
    void noTokenOrAWrongOneIsRefused() {
        given().get("/api/v1/ping").then().statusCode(401);
        given().header("Authorization", "Bearer test-internal-tokeX").get("/api/v1/ping").then().statusCode(401);
        given().header("Authorization", "test-internal-token").get("/api/v1/ping").then().statusCode(401);
        // also for paths that do not exist: nothing about the API leaks without the token
        given().get("/api/v1/accounts").then().statusCode(401);
    }
}

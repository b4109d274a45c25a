package edu.hamburger.mail.mailbox;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** mailbox-service is ready only when the real PostgreSQL and the real Kafka broker answer. */
@QuarkusTest
class MailboxServiceHealthTest {

    @Test
    void readyWhenPostgresAndKafkaAnswer() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name.contains('Reactive PostgreSQL') }.status", equalTo("UP"))
                .body("checks.find { it.name.contains('Kafka') }.status", equalTo("UP"))
                .body("checks.status", hasItem("UP"));
    }

    @Test
    void liveAndServingPrometheusMetrics() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void apiRequestTimesAreBucketedForPercentiles() {
        TestAccounts.api().get("/api/v1/ping").then().statusCode(200);
        // a route's p99 is read from these buckets (bench/run scale, the operator's dashboard)
        given().get("/q/metrics").then().statusCode(200)
                .body(matchesPattern("(?s).*http_server_requests_seconds_bucket\\{[^}]*uri=\"/api/v1/ping\"[^}]*le=\"10\\.0\"[^}]*\\} [1-9].*"));
    }

    @Test
    void describesItsApiInOpenApi() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/ping"));
    }
}

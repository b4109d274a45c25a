package edu.hamburger.mail.mailbox.client;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

/**
 * What every service that reads mailboxes through the API must show on its health and metrics
 * endpoints. A service's test extends this with {@code @QuarkusTest} and
 * {@code @QuarkusTestResource(MailboxApiStub.class)}; Kafka is the real broker.
 */
public abstract class ServiceHealthContract {

    /** Where /q/health and /q/metrics answer: the HTTP port, or a service's management port. */
    protected int healthPort() {
        return io.restassured.RestAssured.port;
    }

    /** Whether the service's readiness waits on Kafka (pop3-gateway's does not: it only reads the API). */
    protected boolean readinessNeedsKafka() {
        return true;
    }

    private io.restassured.specification.RequestSpecification given() {
        return io.restassured.RestAssured.given().port(healthPort());
    }

    @Test
    void readyWhenKafkaAndTheMailboxApiAnswer() {
        var ready = given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'mailbox-service API' }.status", equalTo("UP"));
        if (readinessNeedsKafka()) {
            ready.body("checks.find { it.name.contains('Kafka') }.status", equalTo("UP"));
        } else {
            ready.body("checks.findAll { it.name.contains('Kafka') }", org.hamcrest.Matchers.empty());
        }
    }

    @Test
    void notReadyWhileTheMailboxApiIsDown() {
        MailboxApiStub.setAnswering(false);
        try {
            given().get("/q/health/ready").then()
                    .statusCode(503)
                    .body("checks.find { it.name == 'mailbox-service API' }.status", equalTo("DOWN"));
        } finally {
            MailboxApiStub.setAnswering(true);
        }
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void liveAndServingPrometheusMetrics() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }
}

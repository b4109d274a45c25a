package edu.hamburger.mail.webmail;

import static io.restassured.RestAssured.given;

import edu.hamburger.mail.mailbox.client.MailboxApiStub;
import edu.hamburger.mail.mailbox.client.ServiceHealthContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * webmail-api is ready only when the real Kafka broker and the mailbox API answer; health,
 * metrics, OpenAPI and Swagger UI answer on the management port and not on the public one.
 */
@QuarkusTest
@QuarkusTestResource(value = MailboxApiStub.class, restrictToAnnotatedClass = true)
class WebmailApiHealthTest extends ServiceHealthContract {

    static int managementPort() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    @Override
    protected int healthPort() {
        return managementPort();
    }

    @Test
    void managementEndpointsAreNotOnThePublicOrigin() {
        for (String path : new String[] {"/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui/"}) {
            given().get(path).then().statusCode(404);
            given().port(managementPort()).get(path).then().statusCode(org.hamcrest.Matchers.anyOf(
                    org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(503)));
        }
    }
}

package edu.hamburger.mail.webmail;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.mailbox.client.MailboxServiceProcess;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules page's API against the real mailbox-service, smtp-gateway and Kafka: saved rules
 * come back as saved, become the account's active Sieve script, and mail sent through the webmail
 * is filed by them; a script of the user's own (ManageSieve) is reported and left alone.
 */
@QuarkusTest
@QuarkusTestResource(value = WebmailStack.class, restrictToAnnotatedClass = true)
class WebmailRulesTest {

    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @Test
    void aMoveRuleFilesMailFromThatSenderIntoItsFolderAndTheAwayMessageIsKept() {
        WebUser alice = WebUser.fresh("rules-a");
        WebUser bob = WebUser.fresh("rules-b");
        Map<String, Object> rules = Map.of(
                "vacation", Map.of("enabled", true, "subject", "Away \"this\" week", "text", "Back on Monday.\nBob ${name}", "days", 3),
                "moves", List.of(Map.of("from", alice.address, "folder", "Friends/Alice"), Map.of("from", "lists.example.org", "folder", "Lists")),
                "custom", false);
        bob.request().contentType(ContentType.JSON).body(rules).put("/api/v1/rules").then().statusCode(200)
                .body("vacation.enabled", equalTo(true)).body("vacation.subject", equalTo("Away \"this\" week"))
                .body("vacation.text", equalTo("Back on Monday.\nBob ${name}")).body("moves[0].folder", equalTo("Friends/Alice"))
                .body("custom", equalTo(false));
        String script = given(bob).get("/api/v1/accounts/" + bob.accountId + "/sieve/scripts/webmail").then().statusCode(200)
                .extract().asString();
        assertTrue(script.contains("vacation :days 3 :subject \"Away \\\"this\\\" week\" \"Back on Monday.\nBob ${name}\";"), script);
        assertTrue(script.contains("if address :domain :is \"from\" \"lists.example.org\""), script);

        String subject = "Dinner " + System.nanoTime();
        alice.request().contentType(ContentType.JSON).body(Map.of("to", List.of(bob.address), "subject", subject, "text", "At seven?"))
                .post("/api/v1/messages").then().statusCode(201);
        await().atMost(DELIVERY).until(() -> bob.request().get("/api/v1/folders").then().extract().jsonPath()
                .getList("name").contains("Friends/Alice"));
        long friends = ((Number) bob.request().get("/api/v1/folders").then().extract().jsonPath()
                .param("n", "Friends/Alice").getMap("find { it.name == n }").get("id")).longValue();
        await().atMost(DELIVERY).until(() -> bob.request().get("/api/v1/folders/" + friends + "/messages").then().extract()
                .jsonPath().getList("messages.subject").contains(subject));
        assertEquals(List.of(), bob.uidsWithSubject("inbox", subject), "moved, not kept in the INBOX");
    }

    @Test
    void badRulesAreRefusedAndAScriptOfTheUsersOwnIsReportedAndLeftAlone() {
        WebUser bob = WebUser.fresh("rules-c");
        bob.request().contentType(ContentType.JSON).body(Map.of("vacation", Map.of("enabled", true, "text", " ", "days", 3),
                "moves", List.of(), "custom", false)).put("/api/v1/rules").then().statusCode(400)
                .body("message", containsString("needs a text"));
        bob.request().contentType(ContentType.JSON).body(Map.of("moves", List.of(Map.of("from", "a\"b", "folder", "X")), "custom", false))
                .put("/api/v1/rules").then().statusCode(400).body("message", containsString("sender address or domain"));

        given(bob).contentType("text/plain; charset=UTF-8").body("keep;").put("/api/v1/accounts/" + bob.accountId + "/sieve/scripts/mine")
                .then().statusCode(204);
        given(bob).contentType("text/plain; charset=UTF-8").body("mine").put("/api/v1/accounts/" + bob.accountId + "/sieve/active")
                .then().statusCode(204);
        bob.request().get("/api/v1/rules").then().statusCode(200).body("custom", equalTo(true));
        bob.request().contentType(ContentType.JSON).body(Map.of("moves", List.of(), "custom", false)).put("/api/v1/rules")
                .then().statusCode(200).body("custom", equalTo(true));
        assertEquals(List.of(true), given(bob).get("/api/v1/accounts/" + bob.accountId + "/sieve/scripts").then().extract()
                .jsonPath().getList("findAll { it.name == 'mine' }.active"), "saving no rules leaves the user's own script active");
    }

    /** mailbox-service's internal API (the test's token), to look at what the webmail stored. */
    private static io.restassured.specification.RequestSpecification given(WebUser user) {
        return io.restassured.RestAssured.given().baseUri(MailboxServiceProcess.url())
                .header("Authorization", "Bearer " + MailboxServiceProcess.TOKEN);
    }
}

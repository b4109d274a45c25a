package edu.hamburger.mail.mailbox.sieve;

import static edu.hamburger.mail.mailbox.TestAccounts.api;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.address.SmtpPath;
import edu.hamburger.mail.core.record.Envelope;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.mailbox.MailQueues;
import edu.hamburger.mail.mailbox.TestAccounts;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * An account's Sieve script at delivery, through the real broker and PostgreSQL: the script is
 * stored over the API (refused with its line when it does not compile), mail.inbound records are
 * filed as it says, and what it sends (vacation, redirect, reject) arrives on mail.outbound.
 */
@QuarkusTest
class SieveDeliveryTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private void publish(MailRecord record) throws Exception {
        MailQueues.publishInbound(bootstrap, record);
    }

    private static MailRecord mail(String sender, String recipient, String headers, String body) {
        String queueId = "Q" + UUID.randomUUID().toString().replace("-", "");
        byte[] message = ("From: " + sender + "\r\nTo: " + recipient + "\r\nMessage-ID: <" + queueId + "@crepes.fr>\r\n" + headers
                + "\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8);
        return new MailRecord(Envelope.of(queueId, sender.isEmpty() ? SmtpPath.NULL : SmtpPath.of(MailAddress.parse(sender)),
                List.of(EnvelopeRecipient.of(MailAddress.parse(recipient))), Instant.now()), message);
    }

    private static void activate(long account, String script) {
        api().contentType("text/plain; charset=UTF-8").body(script).put("/api/v1/accounts/" + account + "/sieve/scripts/rules").then().statusCode(204);
        api().contentType("text/plain; charset=UTF-8").body("rules").put("/api/v1/accounts/" + account + "/sieve/active").then().statusCode(204);
    }

    private static List<Integer> uids(long account, String mailbox) {
        long id = TestAccounts.mailbox(account, mailbox);
        return api().get("/api/v1/accounts/" + account + "/mailboxes/" + id + "/messages").then().statusCode(200).extract().path("uid");
    }

    private static List<List<String>> flags(long account, String mailbox) {
        long id = TestAccounts.mailbox(account, mailbox);
        return api().get("/api/v1/accounts/" + account + "/mailboxes/" + id + "/messages").then().statusCode(200).extract().path("flags");
    }

    private static String sender() {
        return "alice-" + UUID.randomUUID().toString().substring(0, 8) + "@crepes.fr";
    }

    @Test
    void aScriptThatDoesNotCompileIsRefusedWithItsLine() {
        long bob = TestAccounts.create("bob", 1L << 30);
        api().contentType("text/plain; charset=UTF-8").body("require \"fileinto\";\nif true {\n  filinto \"x\";\n}")
                .put("/api/v1/accounts/" + bob + "/sieve/scripts/broken")
                .then().statusCode(400).body(containsString("line 3: unknown command 'filinto'"));
        api().contentType("text/plain; charset=UTF-8").body("keep;").post("/api/v1/accounts/" + bob + "/sieve/check").then().statusCode(204);
        api().get("/api/v1/accounts/" + bob + "/sieve/scripts").then().statusCode(200).body(containsString("[]"));
        api().get("/api/v1/accounts/" + bob + "/sieve/extensions").then().statusCode(200).body(containsString("vacation"));
    }

    @Test
    void scriptsAreManagedLikeManageSieveSaysOneActiveAndTheActiveOneCannotBeDeleted() {
        long bob = TestAccounts.create("bob", 1L << 30);
        String base = "/api/v1/accounts/" + bob + "/sieve";
        activate(bob, "keep;");
        api().contentType("text/plain; charset=UTF-8").body("discard;").put(base + "/scripts/other").then().statusCode(204);
        api().post(base + "/scripts/other/rename?to=spare").then().statusCode(204);
        List<Map<String, Object>> listed = api().get(base + "/scripts").then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(List.of(Map.of("name", "rules", "active", true, "size", 5), Map.of("name", "spare", "active", false, "size", 8)), listed);
        api().get(base + "/scripts/spare").then().statusCode(200).body(containsString("discard;"));
        api().delete(base + "/scripts/rules").then().statusCode(409);
        api().contentType("text/plain; charset=UTF-8").body("spare").put(base + "/active").then().statusCode(204);
        api().delete(base + "/scripts/rules").then().statusCode(204);
        api().get(base + "/space?name=big&size=100000").then().statusCode(507);
        api().get(base + "/space?name=small&size=1000").then().statusCode(204);
        api().contentType("text/plain; charset=UTF-8").body("").put(base + "/active").then().statusCode(204);
        assertTrue(api().get(base + "/scripts").then().extract().jsonPath().getList("active").stream().noneMatch(Boolean.TRUE::equals));
    }

    @Test
    void fileintoWithCreateAndFlagsAndDiscard() throws Exception {
        long bob = TestAccounts.create("bob", 1L << 30);
        String address = TestAccounts.address(bob);
        activate(bob, """
                require ["fileinto", "mailbox", "imap4flags", "envelope", "subaddress"];
                if envelope :detail "to" "lists" { fileinto :create :flags ["\\\\Flagged", "$List"] "Lists/IETF"; stop; }
                if header :contains "Subject" "spam" { discard; stop; }
                """);
        String plus = address.replace("@", "+lists@");
        publish(mail(sender(), plus, "Subject: [ietf] meeting\r\n", "agenda"));
        await().atMost(Duration.ofSeconds(30)).until(() -> api().queryParam("name", "Lists/IETF")
                .get("/api/v1/accounts/" + bob + "/mailboxes/by-name").statusCode() == 200 && uids(bob, "Lists/IETF").size() == 1);
        assertEquals(List.of(List.of("\\Flagged", "$List")), flags(bob, "Lists/IETF"));
        publish(mail(sender(), address, "Subject: cheap spam\r\n", "buy"));
        publish(mail(sender(), address, "Subject: lunch\r\n", "at noon?"));
        await().atMost(Duration.ofSeconds(30)).until(() -> uids(bob, "INBOX").size() == 1);
        assertEquals(List.of(1), uids(bob, "INBOX"), "the spam was discarded, the lunch kept");
    }

    @Test
    void bodyContentLooksOnlyIntoThePartsOfTheTypesItNames() throws Exception {
        long bob = TestAccounts.create("bob", 1L << 30);
        String address = TestAccounts.address(bob);
        activate(bob, """
                require ["body", "fileinto", "mailbox"];
                if body :content "application/pdf" :contains "invoice 2026" { fileinto :create "Invoices"; stop; }
                if body :content "text/html" :contains "unsubscribe" { fileinto :create "Newsletters"; stop; }
                """);
        String pdf = java.util.Base64.getEncoder().encodeToString("%PDF-1.4 invoice 2026".getBytes(StandardCharsets.US_ASCII));
        publish(mail(sender(), address, "Subject: your invoice\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n",
                "--b\r\nContent-Type: text/plain\r\n\r\nattached\r\n--b\r\nContent-Type: application/pdf\r\n"
                        + "Content-Transfer-Encoding: base64\r\n\r\n" + pdf + "\r\n--b--"));
        publish(mail(sender(), address, "Subject: news\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=a\r\n",
                "--a\r\nContent-Type: text/plain\r\n\r\nnews\r\n--a\r\nContent-Type: text/html\r\n\r\n<p>news <a href=x>unsubscribe</a>\r\n--a--"));
        // the same words in a plain text message: no PDF part and no HTML part to find them in
        publish(mail(sender(), address, "Subject: plain\r\n", "please unsubscribe me, and where is invoice 2026?"));
        await().atMost(Duration.ofSeconds(30)).until(() -> uids(bob, "INBOX").size() == 1
                && api().queryParam("name", "Invoices").get("/api/v1/accounts/" + bob + "/mailboxes/by-name").statusCode() == 200
                && api().queryParam("name", "Newsletters").get("/api/v1/accounts/" + bob + "/mailboxes/by-name").statusCode() == 200
                && uids(bob, "Invoices").size() == 1 && uids(bob, "Newsletters").size() == 1);
    }

    @Test
    void vacationAnswersOncePerSenderFromTheNullPath() throws Exception {
        long bob = TestAccounts.create("bob", 1L << 30);
        String address = TestAccounts.address(bob);
        activate(bob, """
                require "vacation";
                vacation :days 7 :subject "Away until Monday" "I am away. 다음 주에 답장하겠습니다.";
                """);
        String alice = sender();
        publish(mail(alice, address, "Subject: lunch?\r\n", "hi"));
        MailRecord answer = await("the vacation answer").atMost(Duration.ofSeconds(30)).until(() -> outboundTo(alice), found -> found.size() == 1).get(0);
        assertTrue(answer.envelope().reversePath().isNull(), "answers go from the null reverse-path (RFC 3834)");
        String text = new String(answer.message(), StandardCharsets.UTF_8);
        assertTrue(text.contains("Subject: Away until Monday\r\n") && text.contains("Auto-Submitted: auto-replied"), text);
        assertTrue(text.contains("In-Reply-To: <Q") && text.contains("다음 주에 답장하겠습니다."), text);
        publish(mail(alice, address, "Subject: again\r\n", "hello?"));
        publish(mail(alice, address, "Subject: list mail\r\nList-Id: <x.crepes.fr>\r\n", "news"));
        await().atMost(Duration.ofSeconds(30)).until(() -> uids(bob, "INBOX").size() == 3);
        assertEquals(1, outboundTo(alice).size(), "one answer within the days; none to list mail");
    }

    @Test
    void redirectGoesOutMarkedAndALoopIsKeptInstead() throws Exception {
        long bob = TestAccounts.create("bob", 1L << 30);
        String address = TestAccounts.address(bob);
        String carol = "carol-" + UUID.randomUUID().toString().substring(0, 8) + "@elsewhere.example";
        activate(bob, "redirect \"" + carol + "\";");
        publish(mail(sender(), address, "Subject: forward me\r\n", "text"));
        MailRecord copy = await().atMost(Duration.ofSeconds(30)).until(() -> outboundTo(carol), found -> found.size() == 1).get(0);
        assertEquals(address, copy.envelope().reversePath().mailbox().toString());
        String text = new String(copy.message(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("X-Sieve-Redirected-From: " + address + "\r\nFrom: alice-"), text);
        publish(mail(sender(), address, "X-Sieve-Redirected-From: " + address + "\r\nSubject: looped\r\n", "text"));
        await().atMost(Duration.ofSeconds(30)).until(() -> uids(bob, "INBOX").size() == 1);
        assertEquals(1, outboundTo(carol).size(), "not redirected a second time");
    }

    @Test
    void rejectSendsANoticeAndAFailingScriptKeepsInInbox() throws Exception {
        long bob = TestAccounts.create("bob", 1L << 30);
        String address = TestAccounts.address(bob);
        activate(bob, """
                require ["reject", "variables"];
                if header :matches "Subject" "*offer*" { reject "No offers, thank you."; stop; }
                if header :contains "Subject" "many" {
                    redirect "a@x.example"; redirect "b@x.example"; redirect "c@x.example"; redirect "d@x.example"; redirect "e@x.example";
                }
                """);
        String alice = sender();
        publish(mail(alice, address, "Subject: a great offer\r\n", "buy now"));
        MailRecord notice = await().atMost(Duration.ofSeconds(30)).until(() -> outboundTo(alice), found -> found.size() == 1).get(0);
        String text = new String(notice.message(), StandardCharsets.UTF_8);
        assertTrue(notice.envelope().reversePath().isNull());
        assertTrue(text.contains("report-type=disposition-notification") && text.contains("No offers, thank you.")
                && text.contains("Disposition: automatic-action/MDN-sent-automatically; deleted"), text);
        publish(mail(alice, address, "Subject: many redirects\r\n", "x"));
        await().atMost(Duration.ofSeconds(30)).until(() -> uids(bob, "INBOX").size() == 1);
        assertEquals(1, outboundTo(alice).size());
    }

    private List<MailRecord> outboundTo(String recipient) {
        return MailQueues.outboundTo(bootstrap, recipient);
    }
}

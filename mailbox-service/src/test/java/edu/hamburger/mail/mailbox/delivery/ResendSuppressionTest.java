package edu.hamburger.mail.mailbox.delivery;

import static edu.hamburger.mail.mailbox.TestAccounts.api;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.address.SmtpPath;
import edu.hamburger.mail.core.record.Envelope;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.record.ResendDigest;
import edu.hamburger.mail.mailbox.TestAccounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A client that sends a message again because the 250 was lost (the gateway was killed after
 * Kafka acknowledged the record) makes a second record with another queue id and the same
 * ResendDigest: against the real PostgreSQL and broker it is filed once, in a batch and alone;
 * a different body is filed; the same message accepted again after the window is filed again;
 * the relay's question over the internal API gets the first copy's queue id.
 */
@QuarkusTest
class ResendSuppressionTest {

    @Inject
    InboundBatchDelivery delivery;

    /** A message a client sent, queued under a fresh queue id, accepted at {@code acceptedAt}. */
    private static MailRecord queued(String messageId, String to, String body, Instant acceptedAt) {
        byte[] sent = ("From: alice@crepes.fr\r\nSubject: " + body + "\r\nMessage-ID: " + messageId + "\r\n\r\n" + body + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        String digest = ResendDigest.of(messageId, "<alice@crepes.fr>", List.of(to), sent);
        String queueId = "Q" + UUID.randomUUID().toString().replace("-", "");
        Envelope envelope = Envelope.of(queueId, SmtpPath.of(MailAddress.parse("alice@crepes.fr")),
                List.of(EnvelopeRecipient.of(MailAddress.parse(to))), acceptedAt).withResendDigest(digest);
        return new MailRecord(envelope, sent);
    }

    private static int inboxSize(long account) {
        long inbox = TestAccounts.mailbox(account, "INBOX");
        List<Integer> uids = api().get("/api/v1/accounts/" + account + "/mailboxes/" + inbox + "/messages").then()
                .statusCode(200).extract().path("uid");
        return uids.size();
    }

    private static String messageId() {
        return "<" + UUID.randomUUID() + "@crepes.fr>";
    }

    @Test
    void aResendInTheSameBatchOrALaterOneIsFiledOnce() {
        long bob = TestAccounts.create("bob", 1L << 30);
        String to = TestAccounts.address(bob);
        String id = messageId();
        Instant sent = Instant.now();
        MailRecord first = queued(id, to, "ketchup", sent);
        MailRecord resend = queued(id, to, "ketchup", sent.plusSeconds(3));
        MailRecord otherBody = queued(id, to, "mustard", sent.plusSeconds(4));
        delivery.deliver(List.of(first, resend, otherBody)).await().atMost(Duration.ofSeconds(30));
        assertEquals(2, inboxSize(bob), "the first copy and the message with another body; the re-send not");

        MailRecord thirdTry = queued(id, to, "ketchup", sent.plusSeconds(40));
        MailRecord unrelated = queued(messageId(), to, "ketchup", sent.plusSeconds(41));
        delivery.deliver(List.of(thirdTry, unrelated)).await().atMost(Duration.ofSeconds(30));
        assertEquals(3, inboxSize(bob), "a later batch: the third try is a re-send, the unrelated message is filed");

        delivery.deliver(List.of(first, resend)).await().atMost(Duration.ofSeconds(30));
        assertEquals(3, inboxSize(bob), "the first copy redelivered is still its own owner and filed nothing twice");
    }

    @Test
    void aResendFiledAloneIsFiledOnce() {
        long bob = TestAccounts.create("bob", 1L << 30);
        String to = TestAccounts.address(bob);
        String id = messageId();
        Instant sent = Instant.now();
        delivery.deliver(List.of(queued(id, to, "alone", sent))).await().atMost(Duration.ofSeconds(30));
        delivery.deliver(List.of(queued(id, to, "alone", sent.plusSeconds(5)))).await().atMost(Duration.ofSeconds(30));
        assertEquals(1, inboxSize(bob));
    }

    @Test
    void theSameMessageAcceptedAgainAfterTheWindowIsFiledAgain() {
        long bob = TestAccounts.create("bob", 1L << 30);
        String to = TestAccounts.address(bob);
        String id = messageId();
        Instant sent = Instant.now().minus(Duration.ofMinutes(30));
        delivery.deliver(List.of(queued(id, to, "again", sent))).await().atMost(Duration.ofSeconds(30));
        delivery.deliver(List.of(queued(id, to, "again", sent.plus(Duration.ofMinutes(11))))).await().atMost(Duration.ofSeconds(30));
        assertEquals(2, inboxSize(bob), "10 minutes is the window: sent again 11 minutes later is on purpose");
    }

    @Test
    void theRelayAsksOverTheInternalApi() {
        String digest = ResendDigest.of(messageId(), "<alice@crepes.fr>", List.of("dora@far.test"), new byte[] {1, 2, 3});
        Instant sent = Instant.now();
        String claim = "{\"digest\":\"%s\",\"queueId\":\"%s\",\"receivedAt\":\"%s\"}";
        api().contentType(ContentType.JSON).body(claim.formatted(digest, "QFIRST" + digest.substring(0, 8), sent))
                .post("/api/v1/resend-claims").then().statusCode(200).body("original", nullValue());
        api().contentType(ContentType.JSON).body(claim.formatted(digest, "QFIRST" + digest.substring(0, 8), sent))
                .post("/api/v1/resend-claims").then().statusCode(200).body("original", nullValue());
        api().contentType(ContentType.JSON).body(claim.formatted(digest, "QSECOND", sent.plusSeconds(2)))
                .post("/api/v1/resend-claims").then().statusCode(200).body("original", equalTo("QFIRST" + digest.substring(0, 8)));
        api().contentType(ContentType.JSON).body("{\"queueId\":\"Q1\"}")
                .post("/api/v1/resend-claims").then().statusCode(400);
    }
}

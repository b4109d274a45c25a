package edu.hamburger.mail.relay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.address.SmtpPath;
import edu.hamburger.mail.core.event.DeliveryStatus.Outcome;
import edu.hamburger.mail.core.record.DsnReturn;
import edu.hamburger.mail.core.record.Envelope;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.core.smtp.SmtpReply;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Bounces as a MIME parser nobody here wrote (Angus Mail) reads them. */
class BounceMessageTest {

    private static final byte[] ORIGINAL = ("From: alice@crepes.fr\r\nTo: bob@hamburger.edu\r\nSubject: lunch\r\n\r\n"
            + "Body line\r\n" + "x".repeat(2000) + "\r\n").getBytes(StandardCharsets.UTF_8);

    private static Envelope envelope(DsnReturn ret, String orcpt) {
        return new Envelope("QID123", SmtpPath.of(MailAddress.parse("alice@crepes.fr")),
                List.of(new EnvelopeRecipient(MailAddress.parse("bob@hamburger.edu"), java.util.Set.of(), orcpt)),
                Instant.parse("2026-11-20T10:00:00Z"), null, null, null, 3, null, null, ret, "ENV-7", null, false);
    }

    private static RecipientOutcome failed(Envelope envelope, String status) {
        return new RecipientOutcome(envelope.recipients().get(0), Outcome.FAILED, status,
                SmtpReply.of(550, "5.1.1", "user unknown"), "RCPT TO", "mx.hamburger.edu[192.0.2.1]:25");
    }

    private static MimeMessage parse(byte[] bytes) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
    }

    @Test
    void fullReportWithTheOriginalMessage() throws Exception {
        Envelope envelope = envelope(null, "rfc822;bob+2Bx@hamburger.edu");
        byte[] bounce = BounceMessage.build("relay.crepes.fr", "crepes.fr", envelope, ORIGINAL, List.of(failed(envelope, "5.1.1")),
                50_000, Instant.parse("2026-11-20T11:00:00Z"));
        MimeMessage dsn = parse(bounce);
        assertEquals("<alice@crepes.fr>", dsn.getHeader("To")[0]);
        assertEquals("auto-replied", dsn.getHeader("Auto-Submitted")[0]);
        Multipart parts = (Multipart) dsn.getContent();
        assertEquals(3, parts.getCount());
        assertTrue(parts.getBodyPart(0).getContentType().startsWith("text/plain"));
        String human = new String(parts.getBodyPart(0).getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(human.contains("<bob@hamburger.edu>: host mx.hamburger.edu[192.0.2.1]:25 said: 550 5.1.1 user unknown (in reply to RCPT TO command)"), human);
        assertTrue(parts.getBodyPart(1).getContentType().startsWith("message/delivery-status"));
        String report = new String(parts.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(report.contains("Reporting-MTA: dns; relay.crepes.fr\r\n"), report);
        assertTrue(report.contains("Original-Envelope-Id: ENV-7\r\n"), report);
        assertTrue(report.contains("Arrival-Date: Fri, 20 Nov 2026 10:00:00 GMT\r\n"), report);
        assertTrue(report.contains("Original-Recipient: rfc822; bob+x@hamburger.edu\r\n"), "xtext decoded: " + report);
        assertTrue(report.contains("Status: 5.1.1\r\n"), report);
        assertTrue(parts.getBodyPart(2).getContentType().startsWith("message/rfc822"));
        byte[] returned = parts.getBodyPart(2).getInputStream().readAllBytes();
        assertTrue(new String(returned, StandardCharsets.UTF_8).contains("x".repeat(2000)), "the whole original");
    }

    @Test
    void headersOnlyWhenAskedOrTooBig() throws Exception {
        Envelope hdrs = envelope(DsnReturn.HDRS, null);
        for (byte[] bounce : List.of(
                BounceMessage.build("relay.crepes.fr", "crepes.fr", hdrs, ORIGINAL, List.of(failed(hdrs, "5.1.1")), 50_000, Instant.now()),
                BounceMessage.build("relay.crepes.fr", "crepes.fr", envelope(null, null), ORIGINAL,
                        List.of(failed(envelope(null, null), "5.1.1")), 1000, Instant.now()))) {
            Multipart parts = (Multipart) parse(bounce).getContent();
            assertTrue(parts.getBodyPart(2).getContentType().startsWith("text/rfc822-headers"), parts.getBodyPart(2).getContentType());
            String returned = new String(parts.getBodyPart(2).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(returned.contains("Subject: lunch"));
            assertFalse(returned.contains("Body line"));
        }
    }

    @Test
    void expiryIsReportedWithItsOwnStatusAndUtf8HeadersComeBackAsGlobal() throws Exception {
        byte[] korean = "From: alice@crepes.fr\r\nSubject: 점심\r\n\r\n안녕\r\n".getBytes(StandardCharsets.UTF_8);
        Envelope envelope = envelope(null, null);
        byte[] bounce = BounceMessage.build("relay.crepes.fr", "crepes.fr", envelope, korean, List.of(failed(envelope, "4.4.7")),
                50_000, Instant.now());
        String text = new String(bounce, StandardCharsets.UTF_8);
        assertTrue(text.contains("Status: 4.4.7\r\n"), text);
        assertTrue(text.contains("Content-Type: message/global-delivery-status"), text);
        assertTrue(text.contains("Content-Type: message/global\r\n"), text);
        assertTrue(text.contains("Subject: 점심"), "the original bytes, untouched");
    }
}

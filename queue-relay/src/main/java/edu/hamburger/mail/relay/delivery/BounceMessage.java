package edu.hamburger.mail.relay.delivery;

import edu.hamburger.mail.core.message.MessageBytes;
import edu.hamburger.mail.core.record.DsnReturn;
import edu.hamburger.mail.core.record.Envelope;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * An RFC 3464 delivery status notification for the recipients that failed: a multipart/report
 * with a human-readable part, the machine-readable message/delivery-status, and the original
 * message (RET=FULL or none, up to a size limit) or only its headers (RET=HDRS or larger). A
 * message with UTF-8 headers comes back as message/global or message/global-headers (RFC 6533).
 */
public final class BounceMessage {

    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private BounceMessage() {
    }

    /** The complete message with CRLF line ends, ready to queue with a null reverse-path. */
    public static byte[] build(String reportingMta, String postmasterDomain, Envelope original, byte[] originalMessage,
            List<RecipientOutcome> failed, int fullMessageLimit, Instant now) {
        String boundary = "=_bounce_" + UUID.randomUUID().toString().replace("-", "");
        int headerEnd = MessageBytes.headerEnd(originalMessage);
        boolean utf8Headers = MessageBytes.hasEightBit(originalMessage, 0, headerEnd);
        boolean returnFull = original.dsnReturn() != DsnReturn.HDRS && originalMessage.length <= fullMessageLimit;
        String sender = original.reversePath().mailbox().toString();

        StringBuilder head = new StringBuilder();
        head.append("From: Mail Delivery System <MAILER-DAEMON@").append(postmasterDomain).append(">\r\n");
        head.append("To: <").append(sender).append(">\r\n");
        head.append("Subject: Undelivered Mail Returned to Sender\r\n");
        head.append("Date: ").append(RFC_5322.format(now)).append("\r\n");
        head.append("Message-ID: <").append(original.queueId()).append('.').append(now.toEpochMilli())
                .append(".bounce@").append(postmasterDomain).append(">\r\n");
        head.append("Auto-Submitted: auto-replied\r\n");
        head.append("MIME-Version: 1.0\r\n");
        head.append("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"").append(boundary).append("\"\r\n");
        head.append("\r\n");
        head.append("This is a MIME-encapsulated message.\r\n\r\n");

        head.append("--").append(boundary).append("\r\n");
        head.append("Content-Description: Notification\r\n");
        head.append("Content-Type: text/plain; charset=us-ascii\r\n\r\n");
        head.append("This is the mail system at host ").append(reportingMta).append(".\r\n\r\n");
        head.append("I'm sorry to have to inform you that your message could not\r\n");
        head.append("be delivered to one or more recipients. It's attached below.\r\n\r\n");
        head.append("For further assistance, please send mail to postmaster.\r\n\r\n");
        head.append("If you do so, please include this problem report. You can\r\n");
        head.append("delete your own text from the attached returned message.\r\n\r\n");
        head.append("                   The mail system\r\n\r\n");
        for (RecipientOutcome outcome : failed) {
            head.append('<').append(ascii(outcome.recipient().address().toString())).append(">: ");
            if (outcome.remoteMta() != null) {
                head.append("host ").append(ascii(outcome.remoteMta())).append(" said: ");
            }
            head.append(ascii(replyText(outcome))).append(" (in reply to ").append(outcome.inReplyTo()).append(" command)\r\n\r\n");
        }

        head.append("--").append(boundary).append("\r\n");
        head.append("Content-Description: Delivery report\r\n");
        head.append("Content-Type: message/").append(utf8Headers ? "global-delivery-status" : "delivery-status").append("\r\n\r\n");
        head.append("Reporting-MTA: dns; ").append(reportingMta).append("\r\n");
        head.append("X-Queue-ID: ").append(original.queueId()).append("\r\n");
        if (original.dsnEnvelopeId() != null) {
            head.append("Original-Envelope-Id: ").append(original.dsnEnvelopeId()).append("\r\n");
        }
        head.append("Arrival-Date: ").append(RFC_5322.format(original.receivedAt())).append("\r\n");
        for (RecipientOutcome outcome : failed) {
            head.append("\r\n");
            String recipient = outcome.recipient().address().toString();
            head.append("Final-Recipient: ").append(outcome.recipient().address().isAscii() ? "rfc822; " : "utf-8; ")
                    .append(utf8Headers ? recipient : ascii(recipient)).append("\r\n");
            if (outcome.recipient().originalRecipient() != null) {
                head.append("Original-Recipient: ").append(originalRecipient(outcome.recipient().originalRecipient())).append("\r\n");
            }
            head.append("Action: failed\r\n");
            head.append("Status: ").append(outcome.status()).append("\r\n");
            if (outcome.remoteMta() != null) {
                head.append("Remote-MTA: dns; ").append(ascii(outcome.remoteMta())).append("\r\n");
            }
            head.append("Diagnostic-Code: smtp; ").append(ascii(replyText(outcome))).append("\r\n");
            head.append("Last-Attempt-Date: ").append(RFC_5322.format(now)).append("\r\n");
        }
        head.append("\r\n");

        head.append("--").append(boundary).append("\r\n");
        if (returnFull) {
            head.append("Content-Description: Undelivered Message\r\n");
            head.append("Content-Type: message/").append(utf8Headers ? "global" : "rfc822").append("\r\n");
            if (MessageBytes.hasEightBit(originalMessage, 0, originalMessage.length)) {
                head.append("Content-Transfer-Encoding: 8bit\r\n");
            }
        } else {
            head.append("Content-Description: Undelivered Message Headers\r\n");
            head.append("Content-Type: ").append(utf8Headers ? "message/global-headers" : "text/rfc822-headers").append("\r\n");
        }
        head.append("\r\n");

        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + (returnFull ? originalMessage.length : headerEnd) + 128);
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (returnFull) {
            out.writeBytes(originalMessage);
        } else {
            out.write(originalMessage, 0, headerEnd);
        }
        if (out.size() < 2 || !endsWithCrlf(out.toByteArray())) {
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static String replyText(RecipientOutcome outcome) {
        var reply = outcome.reply();
        return reply.code() + (reply.enhancedCode() == null ? "" : " " + reply.enhancedCode()) + " " + String.join(" ", reply.lines());
    }

    /** ORCPT is "addr-type;xtext"; the DSN field wants "addr-type; address" (RFC 3461 §4.2). */
    private static String originalRecipient(String orcpt) {
        int semicolon = orcpt.indexOf(';');
        if (semicolon < 0) {
            return "rfc822; " + ascii(orcpt);
        }
        return orcpt.substring(0, semicolon).toLowerCase(Locale.ROOT) + "; " + ascii(xtextDecode(orcpt.substring(semicolon + 1)));
    }

    private static String xtextDecode(String xtext) {
        StringBuilder decoded = new StringBuilder();
        for (int i = 0; i < xtext.length(); i++) {
            char c = xtext.charAt(i);
            if (c == '+' && i + 2 < xtext.length()) {
                try {
                    decoded.append((char) Integer.parseInt(xtext.substring(i + 1, i + 3), 16));
                    i += 2;
                    continue;
                } catch (NumberFormatException ignored) {
                    // not an xtext escape: keep the plus as it is
                }
            }
            decoded.append(c);
        }
        return decoded.toString();
    }

    /** Remote servers' texts go into header-like fields: only printable ASCII survives. */
    private static String ascii(String text) {
        return text.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static boolean endsWithCrlf(byte[] bytes) {
        return bytes[bytes.length - 2] == '\r' && bytes[bytes.length - 1] == '\n';
    }
}

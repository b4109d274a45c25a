package edu.hamburger.mail.mailbox.sieve;

import edu.hamburger.mail.sieve.SieveAction;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.james.mime4j.codec.EncoderUtil;

/**
 * The messages Sieve sends of its own: a vacation answer (RFC 5230 §5, RFC 3834), the rejection
 * notice of reject and ereject (RFC 5429 §2.1.1: an MDN with the reason and the original's
 * header), and a redirected copy marked with who redirected it, which stops loops.
 */
final class SieveReplies {

    /** Marks a redirected copy; a copy already marked by the same account is not redirected again. */
    static final String REDIRECTED_FROM = "X-Sieve-Redirected-From";

    private SieveReplies() {
    }

    static byte[] vacation(SieveAction.Vacation vacation, DeliveredMessage original, String recipient, String domain) {
        String from = vacation.from() != null ? vacation.from() : recipient;
        String subject = vacation.subject() != null ? vacation.subject()
                : "Auto: " + original.header("Subject").stream().findFirst().orElse("");
        StringBuilder head = new StringBuilder();
        head.append("From: ").append(from).append("\r\n");
        head.append("To: ").append(original.envelopeFrom()).append("\r\n");
        head.append("Subject: ").append(encodeIfNeeded(subject)).append("\r\n");
        head.append("Date: ").append(now()).append("\r\n");
        head.append("Message-ID: <").append(UUID.randomUUID()).append("@").append(domain).append(">\r\n");
        List<String> messageId = original.header("Message-ID");
        if (!messageId.isEmpty()) {
            head.append("In-Reply-To: ").append(messageId.get(0)).append("\r\n");
            String references = original.header("References").stream().findFirst().map(r -> r + " ").orElse("");
            head.append("References: ").append(references).append(messageId.get(0)).append("\r\n");
        }
        head.append("Auto-Submitted: auto-replied (vacation)\r\n");
        head.append("Precedence: bulk\r\n");
        head.append("MIME-Version: 1.0\r\n");
        if (!vacation.mime()) {
            // with :mime the reason is a MIME entity of its own, header included (RFC 5230 §4.7)
            head.append("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        }
        return (head + crlf(vacation.reason())).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] rejection(SieveAction.Reject reject, DeliveredMessage original, byte[] originalHeader, String recipient, String domain) {
        String boundary = "reject-" + UUID.randomUUID();
        StringBuilder message = new StringBuilder();
        message.append("From: Mail Delivery System <MAILER-DAEMON@").append(domain).append(">\r\n");
        message.append("To: ").append(original.envelopeFrom()).append("\r\n");
        message.append("Subject: Rejected: ").append(encodeIfNeeded(original.header("Subject").stream().findFirst().orElse("")))
                .append("\r\n");
        message.append("Date: ").append(now()).append("\r\n");
        message.append("Message-ID: <").append(UUID.randomUUID()).append("@").append(domain).append(">\r\n");
        message.append("Auto-Submitted: auto-replied (rejected)\r\n");
        message.append("MIME-Version: 1.0\r\n");
        message.append("Content-Type: multipart/report; report-type=disposition-notification;\r\n\tboundary=\"")
                .append(boundary).append("\"\r\n\r\n");
        message.append("--").append(boundary).append("\r\nContent-Type: text/plain; charset=utf-8\r\n")
                .append("Content-Transfer-Encoding: 8bit\r\n\r\n");
        message.append("Your message to ").append(recipient).append(" was rejected by the recipient's mail rules:\r\n\r\n")
                .append(crlf(reject.reason())).append("\r\n");
        message.append("--").append(boundary).append("\r\nContent-Type: message/disposition-notification\r\n\r\n");
        message.append("Reporting-UA: ").append(domain).append("; mailbox-service Sieve\r\n");
        message.append("Final-Recipient: rfc822; ").append(recipient).append("\r\n");
        original.header("Message-ID").stream().findFirst().ifPresent(id -> message.append("Original-Message-ID: ").append(id).append("\r\n"));
        message.append("Disposition: automatic-action/MDN-sent-automatically; deleted\r\n\r\n");
        message.append("--").append(boundary).append("\r\nContent-Type: text/rfc822-headers\r\n\r\n");
        message.append(new String(originalHeader, StandardCharsets.UTF_8));
        message.append("\r\n--").append(boundary).append("--\r\n");
        return message.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] redirected(byte[] original, String account) {
        byte[] mark = (REDIRECTED_FROM + ": " + account + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] copy = new byte[mark.length + original.length];
        System.arraycopy(mark, 0, copy, 0, mark.length);
        System.arraycopy(original, 0, copy, mark.length, original.length);
        return copy;
    }

    /** Whether this account redirected this message already (a loop through other accounts or sites). */
    static boolean redirectedBy(DeliveredMessage message, String account) {
        return message.header(REDIRECTED_FROM).stream().anyMatch(v -> v.trim().equalsIgnoreCase(account));
    }

    private static String now() {
        return ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ENGLISH));
    }

    private static String encodeIfNeeded(String text) {
        String single = text.replace("\r", " ").replace("\n", " ");
        return single.chars().allMatch(c -> c < 128) ? single : EncoderUtil.encodeEncodedWord(single, EncoderUtil.Usage.TEXT_TOKEN);
    }

    private static String crlf(String text) {
        String normalized = text.replace("\r\n", "\n").replace("\n", "\r\n");
        return normalized.endsWith("\r\n") ? normalized : normalized + "\r\n";
    }
}

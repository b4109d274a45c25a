package edu.hamburger.mail.mailbox.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * An aggregate report as mail (DMARC, RFC 7489 §7.2.1.1; SMTP TLS, RFC 8460 §5.3): a short text
 * part and the gzipped report as an attachment, sent by the deployment to the addresses the
 * reported domain asked for. CRLF line ends.
 *
 * @param sender        the From address ("dmarc-noreply@...")
 * @param senderName    its display name
 * @param extraHeaders  complete header lines the report type adds (TLS-Report-Domain: ...), without CRLF
 * @param contentType   the top-level type and its parameters before the boundary
 *                      ({@code multipart/mixed} or {@code multipart/report; report-type="tlsrpt"})
 * @param attachmentType the attachment's media type (application/gzip, application/tlsrpt+gzip)
 */
public record ReportMessage(String sender, String senderName, List<String> to, String subject, String messageId,
                            List<String> extraHeaders, String contentType, String text, String attachmentType,
                            String fileName, byte[] attachment) {

    private static final DateTimeFormatter RFC5322 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    public byte[] bytes(Instant now) {
        String boundary = "report-" + messageId.replaceAll("[^A-Za-z0-9]", "");
        String encoded = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(attachment);
        StringBuilder m = new StringBuilder()
                .append("From: ").append(senderName).append(" <").append(sender).append(">\r\n")
                .append("To: ").append(String.join(", ", to.stream().map(a -> "<" + a + ">").toList())).append("\r\n")
                .append("Subject: ").append(subject).append("\r\n")
                .append("Date: ").append(RFC5322.format(ZonedDateTime.ofInstant(now, ZoneOffset.UTC))).append("\r\n")
                .append("Message-ID: <").append(messageId).append(">\r\n");
        extraHeaders.forEach(h -> m.append(h).append("\r\n"));
        m.append("Auto-Submitted: auto-generated\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: ").append(contentType).append("; boundary=\"").append(boundary).append("\"\r\n\r\n")
                .append("--").append(boundary).append("\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
                .append(text.replace("\r\n", "\n").replace("\n", "\r\n")).append("\r\n\r\n")
                .append("--").append(boundary).append("\r\nContent-Type: ").append(attachmentType).append("; name=\"").append(fileName).append("\"\r\n")
                .append("Content-Transfer-Encoding: base64\r\n")
                .append("Content-Disposition: attachment; filename=\"").append(fileName).append("\"\r\n\r\n")
                .append(encoded).append("\r\n--").append(boundary).append("--\r\n");
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

package edu.hamburger.mail.webmail.mime;

import edu.hamburger.mail.core.api.Identity;
import edu.hamburger.mail.webmail.mime.Compose.Upload;
import jakarta.activation.DataHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Builds the RFC 5322 message a user composed: display names and the subject in RFC 2047
 * encoded words when not ASCII, text as UTF-8 quoted-printable or base64 (Angus Mail chooses),
 * attachment names in RFC 2231 ({@code filename*=UTF-8''...}), multipart/alternative for text
 * plus HTML inside multipart/mixed for attachments, CRLF line ends throughout (smtp-gateway
 * refuses bare LF). Bcc stays in the bytes (the Sent copy shows it); submission removes it.
 */
@ApplicationScoped
public class MessageComposer {

    private final SecureRandom random = new SecureRandom();

    /** The message's bytes, its Message-ID, the envelope sender (its author's address) and every envelope recipient (to, cc and bcc). */
    public record Composed(byte[] bytes, String messageId, String sender, List<String> recipients) {
    }

    /**
     * @param from        the identity it is written as: an address of the signed-in account, with its display name
     * @param attachments uploaded files, then parts carried over (a draft's attachments, a forwarded message)
     * @param forwarded   the raw message forwarded as an attachment, or null
     */
    public Composed compose(Identity from, Compose draft, List<Upload> attachments, byte[] forwarded, String forwardedName)
            throws InvalidMessageException {
        try {
            MimeMessage message = new FixedIdMessage(messageId(from.address()));
            message.setFrom(new InternetAddress(from.address(), from.displayName().isBlank() ? null : oneLine(from.displayName()), "UTF-8"));
            List<String> recipients = new ArrayList<>();
            setAddresses(message, Message.RecipientType.TO, draft.to(), recipients);
            setAddresses(message, Message.RecipientType.CC, draft.cc(), recipients);
            setAddresses(message, Message.RecipientType.BCC, draft.bcc(), recipients);
            message.setSubject(draft.subject() == null ? "" : oneLine(draft.subject()), "UTF-8");
            message.setSentDate(new Date());
            if (draft.inReplyTo() != null && !draft.inReplyTo().isBlank()) {
                message.setHeader("In-Reply-To", messageIdHeader(draft.inReplyTo()));
            }
            if (!draft.references().isEmpty()) {
                List<String> ids = draft.references().stream().map(MessageComposer::messageIdHeader).toList();
                // RFC 5322 §3.6.4 allows trimming; keep the first and the last 20, as mail clients do
                if (ids.size() > 21) {
                    List<String> trimmed = new ArrayList<>(List.of(ids.get(0)));
                    trimmed.addAll(ids.subList(ids.size() - 20, ids.size()));
                    ids = trimmed;
                }
                message.setHeader("References", String.join("\r\n ", ids));
            }
            message.setHeader("MIME-Version", "1.0");
            message.setHeader("User-Agent", "hamburger-webmail");

            if (attachments.isEmpty() && forwarded == null) {
                fillBody(message, draft.text(), draft.html());
            } else {
                MimeBodyPart body = new MimeBodyPart();
                fillBody(body, draft.text(), draft.html());
                MimeMultipart mixed = new MimeMultipart("mixed");
                mixed.addBodyPart(body);
                for (Upload upload : attachments) {
                    mixed.addBodyPart(attachment(upload));
                }
                if (forwarded != null) {
                    MimeBodyPart original = new MimeBodyPart();
                    original.setContent(new MimeMessage(MimeParts.PARSING, new java.io.ByteArrayInputStream(forwarded)), "message/rfc822");
                    original.setDisposition(Part.ATTACHMENT);
                    original.setFileName(safeFileName(forwardedName == null ? "forwarded" : forwardedName) + ".eml");
                    mixed.addBodyPart(original);
                }
                message.setContent(mixed);
            }
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return new Composed(out.toByteArray(), message.getMessageID(), from.address(), recipients);
        } catch (AddressException e) {
            throw new InvalidMessageException("not an address: " + e.getRef());
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException(e.getMessage());
        } catch (MessagingException | IOException e) {
            throw new InvalidMessageException("could not build the message: " + e.getMessage());
        }
    }

    private static final HtmlSanitizer OUTGOING_HTML = new HtmlSanitizer();

    /** The body, on the message itself or on the first part: text, or text and HTML as multipart/alternative (text first, RFC 2046 §5.1.4). */
    private static void fillBody(MimePart target, String text, String html) throws MessagingException {
        String plain = text == null ? "" : crlf(text);
        if (html == null || html.isBlank()) {
            target.setText(plain, "UTF-8", "plain");
            return;
        }
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart textPart = new MimeBodyPart();
        textPart.setText(plain, "UTF-8", "plain");
        MimeBodyPart htmlPart = new MimeBodyPart();
        // what the user's browser sent goes through the same cleaning as what they receive
        htmlPart.setText(crlf(OUTGOING_HTML.sanitize(html, contentId -> null, true).html()), "UTF-8", "html");
        alternative.addBodyPart(textPart);
        alternative.addBodyPart(htmlPart);
        target.setContent(alternative);
    }

    private static MimeBodyPart attachment(Upload upload) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        String type = upload.contentType() == null || !upload.contentType().matches("[\\w.+-]+/[\\w.+-]+")
                ? "application/octet-stream" : upload.contentType().toLowerCase(Locale.ROOT);
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(upload.bytes(), type)));
        part.setDisposition(Part.ATTACHMENT);
        part.setFileName(safeFileName(upload.filename()));
        part.setHeader("Content-Transfer-Encoding", "base64");
        return part;
    }

    private static void setAddresses(MimeMessage message, Message.RecipientType type, List<String> given, List<String> recipients)
            throws MessagingException, InvalidMessageException {
        if (given.isEmpty()) {
            return;
        }
        List<InternetAddress> parsed = new ArrayList<>();
        for (String text : given) {
            if (text == null || text.isBlank()) {
                continue;
            }
            for (InternetAddress address : InternetAddress.parse(oneLine(text), true)) {
                if (address.isGroup() || address.getAddress() == null || !address.getAddress().contains("@")) {
                    throw new InvalidMessageException("not an address: " + text);
                }
                address.validate();
                if (address.getPersonal() != null) {
                    try {
                        address.setPersonal(address.getPersonal(), "UTF-8");
                    } catch (java.io.UnsupportedEncodingException e) {
                        throw new IllegalStateException("UTF-8 is always supported", e);
                    }
                }
                parsed.add(address);
                recipients.add(address.getAddress());
            }
        }
        message.setRecipients(type, parsed.toArray(InternetAddress[]::new));
    }

    /** Keeps the name the user chose, minus path separators and control characters. */
    static String safeFileName(String name) {
        String base = name == null ? "" : name.replaceAll(".*[/\\\\]", "").replaceAll("[\\p{Cntrl}\"]", "").trim();
        if (base.length() > 200) {
            base = base.substring(0, 200);
        }
        return base.isEmpty() ? "attachment" : base;
    }

    private String messageId(String from) {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        String domain = from.substring(from.lastIndexOf('@') + 1);
        return "<" + HexFormat.of().formatHex(bytes) + "." + System.currentTimeMillis() + "@" + domain + ">";
    }

    private static String messageIdHeader(String id) {
        String trimmed = oneLine(id).trim();
        if (!trimmed.matches("<[^<>\\s]{1,250}>")) {
            throw new IllegalArgumentException("not a Message-ID: " + id);
        }
        return trimmed;
    }

    /** Header values are one line: CR and LF from the client would start a header of their own. */
    public static String oneLine(String value) {
        return value.replaceAll("[\r\n]+", " ");
    }

    static String crlf(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
    }

    /** A message whose Message-ID is chosen here, so the Sent copy and the sent message carry the same one. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(String id) {
            super(MimeParts.PARSING);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }

    /** The composed message cannot be built as given (a bad address, say): the user's to fix. */
    public static final class InvalidMessageException extends Exception {
        public InvalidMessageException(String message) {
            super(message, null, false, false);
        }
    }
}

package edu.hamburger.mail.webmail.mime;

import edu.hamburger.mail.webmail.mime.MessageView.Attachment;
import edu.hamburger.mail.webmail.mime.MessageView.Mailbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a received message's bytes into what the reader sees ({@link MessageView}): the first
 * plain-text and HTML bodies that are not attachments, every other leaf part as an attachment,
 * and the headers decoded. The HTML goes through {@link HtmlSanitizer}. Malformed input is read
 * as far as it goes: a broken header gives its raw text, an unknown charset UTF-8 with
 * replacement characters, never an error page.
 */
@ApplicationScoped
public class MessageReader {

    /** Bytes of one text body shown; the rest is downloadable as the raw message. */
    static final int MAX_TEXT_CHARS = 2_000_000;

    /** Images a message may show inline from its own parts; anything else is only downloaded. */
    public static final java.util.Set<String> VIEWABLE = java.util.Set.of("image/png", "image/gif", "image/jpeg", "image/webp");

    private final HtmlSanitizer sanitizer = new HtmlSanitizer();

    /**
     * @param partUrl     the URL to fetch a part by number (for cid: images)
     * @param allowRemote keep remote images in the HTML
     */
    public MessageView read(byte[] raw, Function<String, String> partUrl, boolean allowRemote) {
        MimeMessage message = MimeParts.parse(raw);
        try {
            Bodies bodies = new Bodies();
            MimeParts.walk(message, bodies::visit);
            String html = null;
            String styles = "";
            int blocked = 0;
            if (bodies.html != null) {
                HtmlSanitizer.Result clean = sanitizer.sanitize(bodies.html,
                        cid -> bodies.byContentId.containsKey(cid) ? partUrl.apply(bodies.byContentId.get(cid)) : null, allowRemote);
                html = clean.html();
                styles = clean.styles();
                blocked = clean.remoteImagesBlocked();
            }
            return new MessageView(
                    header(message, "Message-ID"),
                    subject(message),
                    header(message, "Date"),
                    addresses(message, "From"),
                    addresses(message, "To"),
                    addresses(message, "Cc"),
                    addresses(message, "Reply-To"),
                    header(message, "In-Reply-To"),
                    references(message),
                    bodies.text,
                    html,
                    styles,
                    blocked,
                    List.copyOf(bodies.attachments));
        } catch (MessagingException | IOException e) {
            throw new IllegalArgumentException("unreadable message: " + e.getMessage(), e);
        }
    }

    /** The first plain and HTML bodies; everything else is an attachment. */
    private static final class Bodies {
        String text;
        String html;
        final List<Attachment> attachments = new ArrayList<>();
        final Map<String, String> byContentId = new HashMap<>();

        void visit(String number, Part part, String container) throws MessagingException, IOException {
            String filename = filename(part);
            boolean attached = isAttachment(part);
            if (!attached && text == null && part.isMimeType("text/plain")) {
                text = textOf(part);
                return;
            }
            if (!attached && html == null && part.isMimeType("text/html")) {
                html = textOf(part);
                return;
            }
            String contentId = part instanceof MimePart mime && mime.getContentID() != null
                    ? mime.getContentID().replaceAll("^\\s*<|>\\s*$", "") : null;
            if (contentId != null) {
                byContentId.put(contentId, number);
            }
            String type = baseType(part);
            attachments.add(new Attachment(number, filename, type, decodedSize(part),
                    Part.INLINE.equalsIgnoreCase(disposition(part)) || contentId != null && !Part.ATTACHMENT.equalsIgnoreCase(disposition(part)),
                    contentId, VIEWABLE.contains(type)));
        }
    }

    /** A part the user sees as a file: marked attachment, or named. The rule for reading and for carrying a draft's files. */
    public static boolean isAttachment(Part part) {
        return Part.ATTACHMENT.equalsIgnoreCase(disposition(part)) || filename(part) != null;
    }

    /** The file name a part carries, RFC 2231 or RFC 2047 encoded, decoded; null when none. */
    public static String filename(Part part) {
        try {
            String name = part.getFileName();
            if (name != null && name.contains("=?")) {
                name = MimeUtility.decodeText(name);
            }
            return name == null || name.isBlank() ? null : name;
        } catch (MessagingException | UnsupportedEncodingException | RuntimeException e) {
            return "attachment";
        }
    }

    static String disposition(Part part) {
        try {
            return part.getDisposition();
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    /** "image/png", without parameters, lower case; application/octet-stream when unreadable. */
    public static String baseType(Part part) {
        try {
            String type = part.getContentType();
            if (type == null) {
                return "text/plain";
            }
            int semicolon = type.indexOf(';');
            return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return "application/octet-stream";
        }
    }

    static long decodedSize(Part part) {
        try (InputStream in = part.getInputStream()) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (MessagingException | IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A text part's characters in its charset; unknown charsets are read as UTF-8. */
    static String textOf(Part part) throws MessagingException, IOException {
        String text;
        try {
            Object content = part.getContent();
            text = content instanceof String s ? s : new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (UnsupportedEncodingException e) {
            text = new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        return text.length() > MAX_TEXT_CHARS ? text.substring(0, MAX_TEXT_CHARS) : text;
    }

    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            return header(message, "Subject");
        }
    }

    static String header(MimeMessage message, String name) {
        try {
            String value = message.getHeader(name, " ");
            return value == null ? null : MimeUtility.unfold(value).trim();
        } catch (MessagingException e) {
            return null;
        }
    }

    /** The addresses of a header, parsed leniently (RFC 5322 obsolete forms included). */
    static List<Mailbox> addresses(MimeMessage message, String name) {
        String value = header(message, name);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        try {
            List<Mailbox> mailboxes = new ArrayList<>();
            for (InternetAddress address : InternetAddress.parseHeader(value, false)) {
                if (address.isGroup()) {
                    for (InternetAddress member : address.getGroup(false)) {
                        mailboxes.add(new Mailbox(member.getPersonal(), member.getAddress()));
                    }
                } else {
                    mailboxes.add(new Mailbox(address.getPersonal(), address.getAddress()));
                }
            }
            return mailboxes;
        } catch (AddressException e) {
            return List.of(new Mailbox(null, value));
        }
    }

    static List<String> references(MimeMessage message) {
        String value = header(message, "References");
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split("(?<=>)\\s*")).map(String::trim).filter(id -> id.startsWith("<") && id.endsWith(">")).toList();
    }
}

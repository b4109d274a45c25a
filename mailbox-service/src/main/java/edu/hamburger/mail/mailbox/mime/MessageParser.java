package edu.hamburger.mail.mailbox.mime;

import edu.hamburger.mail.core.message.BodyPart;
import edu.hamburger.mail.core.message.HeaderField;
import edu.hamburger.mail.core.message.HeaderSection;
import edu.hamburger.mail.core.message.EnvelopeAddress;
import edu.hamburger.mail.core.message.MessageEnvelope;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.field.ContentDispositionField;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.dom.field.DateTimeField;
import org.apache.james.mime4j.dom.field.ParsedField;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.stream.ParserCursor;
import org.apache.james.mime4j.util.ByteArrayBuffer;

/**
 * Parses a raw RFC 5322 message into its envelope and MIME structure with byte offsets.
 *
 * <p>Apache mime4j parses the header fields (Content-Type and Content-Disposition parameters,
 * address lists, dates, encoded words); the entity boundaries are found here, on the bytes, because
 * IMAP needs exact offsets of every part and mime4j's stream parser does not expose them.
 * Lenient like Dovecot: a missing close delimiter ends the part at the end of its parent, a
 * broken Content-Type falls back to text/plain. Bounded: at most {@link #MAX_DEPTH} levels and
 * {@link #MAX_PARTS} parts; deeper structure is treated as opaque bytes.
 */
public final class MessageParser {

    static final int MAX_DEPTH = 32;
    static final int MAX_PARTS = 2000;
    static final int MAX_SEARCH_CHARS = 1 << 20;
    static final int MAX_REFERENCES_CHARS = 20_000;

    private int partCount;
    private final StringBuilder bodyText = new StringBuilder();
    private String firstPlain;
    private String firstHtml;

    private MessageParser() {
    }

    public static ParsedMessage parse(byte[] raw) {
        MessageParser parser = new MessageParser();
        BodyPart body = parser.entity(raw, 0, raw.length, false, 0);
        HeaderSection header = HeaderSection.parse(raw, 0, raw.length);
        return new ParsedMessage(envelope(header), body, sentDate(header.first("Date")), headerText(header),
                parser.bodyText.toString(), references(header.first("References")), MessagePreview.of(parser.firstPlain, parser.firstHtml));
    }

    /** The References field unfolded, capped: threading reads its msg-ids, nearest last. */
    private static String references(String field) {
        if (field == null) {
            return null;
        }
        String value = field.replaceAll("\\s+", " ").strip();
        return value.length() > MAX_REFERENCES_CHARS ? value.substring(value.length() - MAX_REFERENCES_CHARS) : value;
    }

    private BodyPart entity(byte[] raw, int start, int end, boolean digestChild, int depth) {
        partCount++;
        HeaderSection header = HeaderSection.parse(raw, start, end);
        int bodyStart = header.bodyStart();
        ContentTypeField contentType = field(header, "Content-Type", ContentTypeField.class);
        String type;
        String subtype;
        Map<String, String> params = new LinkedHashMap<>();
        if (contentType != null && contentType.getMediaType() != null && !contentType.getMediaType().isEmpty()
                && contentType.getSubType() != null && !contentType.getSubType().isEmpty()) {
            type = contentType.getMediaType().toLowerCase(Locale.ROOT);
            subtype = contentType.getSubType().toLowerCase(Locale.ROOT);
            contentType.getParameters().forEach((k, v) -> params.put(k.toLowerCase(Locale.ROOT), v));
        } else if (digestChild) {
            type = "message";
            subtype = "rfc822";
        } else {
            type = "text";
            subtype = "plain";
            params.put("charset", "us-ascii");
        }
        String encoding = header.first("Content-Transfer-Encoding");
        encoding = encoding == null || encoding.isBlank() ? "7bit" : encoding.trim().toLowerCase(Locale.ROOT);

        ContentDispositionField dispositionField = field(header, "Content-Disposition", ContentDispositionField.class);
        String disposition = null;
        Map<String, String> dispositionParams = new LinkedHashMap<>();
        String filename = null;
        if (dispositionField != null && dispositionField.getDispositionType() != null
                && !dispositionField.getDispositionType().isEmpty()) {
            disposition = dispositionField.getDispositionType().toLowerCase(Locale.ROOT);
            dispositionField.getParameters().forEach((k, v) -> dispositionParams.put(k.toLowerCase(Locale.ROOT), v));
            filename = dispositionField.getFilename();
        }
        if (filename == null) {
            filename = params.get("name");
        }
        if (filename != null) {
            filename = DecoderUtil.decodeEncodedWords(filename, DecodeMonitor.SILENT);
        }
        String language = header.first("Content-Language");
        List<String> languages = language == null ? List.of()
                : Arrays.stream(language.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();

        List<BodyPart> parts = List.of();
        BodyPart message = null;
        MessageEnvelope envelope = null;
        boolean canDescend = depth < MAX_DEPTH && partCount < MAX_PARTS;
        if ("multipart".equals(type)) {
            String boundary = params.get("boundary");
            parts = canDescend && boundary != null && !boundary.isEmpty()
                    ? children(raw, bodyStart, end, boundary, "digest".equals(subtype), depth)
                    : List.of();
        } else if ("message".equals(type) && "rfc822".equals(subtype) && canDescend && isIdentity(encoding)) {
            message = entity(raw, bodyStart, end, false, depth + 1);
            envelope = envelope(HeaderSection.parse(raw, bodyStart, end));
        } else if ("text".equals(type)) {
            boolean previewed = !"attachment".equalsIgnoreCase(disposition)
                    && (firstPlain == null && "plain".equals(subtype) || firstHtml == null && "html".equals(subtype));
            int room = MAX_SEARCH_CHARS - bodyText.length();
            // decoded once: for search, and (the first plain and first HTML body) for the preview
            String text = room > 0 || previewed
                    ? decodeText(raw, bodyStart, end, encoding, params.get("charset"), Math.max(room, previewed ? MessagePreview.READ_CHARS : 0))
                    : null;
            if (room > 0) {
                appendBodyText(text);
            }
            if (previewed && "plain".equals(subtype)) {
                firstPlain = text;
            } else if (previewed) {
                firstHtml = text;
            }
        }
        long lines = "text".equals(type) || message != null ? countLines(raw, bodyStart, end) : 0;
        return new BodyPart(type, subtype, Map.copyOf(params), header.first("Content-ID"),
                header.first("Content-Description"), encoding, end - bodyStart, lines, disposition,
                Map.copyOf(dispositionParams), languages, header.first("Content-Location"), filename,
                start, bodyStart, end, parts, message, envelope);
    }

    /** Splits a multipart body at its delimiter lines (RFC 2046 §5.1.1). */
    private List<BodyPart> children(byte[] raw, int bodyStart, int end, String boundary, boolean digest, int depth) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<int[]> ranges = new ArrayList<>();
        int partStart = -1;
        int pos = bodyStart;
        while (pos < end) {
            int lineEnd = HeaderSection.indexOfLf(raw, pos, end);
            int next = lineEnd < 0 ? end : lineEnd + 1;
            if (startsWith(raw, pos, end, delimiter)) {
                int after = pos + delimiter.length;
                boolean close = after + 1 < end && raw[after] == '-' && raw[after + 1] == '-';
                int rest = close ? after + 2 : after;
                if (onlyWhitespace(raw, rest, lineEnd < 0 ? end : lineEnd)) {
                    if (partStart >= 0) {
                        ranges.add(new int[] {partStart, lineBreakStart(raw, partStart, pos)});
                    }
                    if (close) {
                        partStart = -1;
                        break;
                    }
                    partStart = next;
                }
            }
            pos = next;
        }
        if (partStart >= 0 && partStart <= end) {
            ranges.add(new int[] {partStart, end}); // no close delimiter: the part runs to the end
        }
        List<BodyPart> parts = new ArrayList<>();
        for (int[] range : ranges) {
            if (partCount >= MAX_PARTS) {
                break;
            }
            parts.add(entity(raw, range[0], range[1], digest, depth + 1));
        }
        return List.copyOf(parts);
    }

    /** The CRLF (or LF) before a delimiter belongs to the delimiter, not to the part before it. */
    private static int lineBreakStart(byte[] raw, int partStart, int delimiterLine) {
        int end = delimiterLine;
        if (end > partStart && raw[end - 1] == '\n') {
            end--;
            if (end > partStart && raw[end - 1] == '\r') {
                end--;
            }
        }
        return end;
    }

    private static boolean startsWith(byte[] raw, int pos, int end, byte[] prefix) {
        if (end - pos < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (raw[pos + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean onlyWhitespace(byte[] raw, int from, int to) {
        for (int i = from; i < to; i++) {
            if (raw[i] != ' ' && raw[i] != '\t' && raw[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private static long countLines(byte[] raw, int start, int end) {
        long lines = 0;
        for (int i = start; i < end; i++) {
            if (raw[i] == '\n') {
                lines++;
            }
        }
        if (end > start && raw[end - 1] != '\n') {
            lines++;
        }
        return lines;
    }

    private static boolean isIdentity(String encoding) {
        return encoding.equals("7bit") || encoding.equals("8bit") || encoding.equals("binary");
    }

    // --- header fields through mime4j ---

    private static <T extends ParsedField> T field(HeaderSection header, String name, Class<T> type) {
        String value = header.first(name);
        if (value == null) {
            return null;
        }
        try {
            ParsedField parsed = LenientFieldParser.parse(name + ": " + value, DecodeMonitor.SILENT);
            return type.isInstance(parsed) && parsed.isValidField() ? type.cast(parsed) : null;
        } catch (Exception e) {
            return null; // an unreadable field counts as absent, as it does for Dovecot
        }
    }

    static MessageEnvelope envelope(HeaderSection header) {
        List<EnvelopeAddress> from = addresses(header.first("From"));
        List<EnvelopeAddress> sender = addresses(header.first("Sender"));
        List<EnvelopeAddress> replyTo = addresses(header.first("Reply-To"));
        return new MessageEnvelope(
                header.first("Date"),
                header.first("Subject"),
                from,
                sender.isEmpty() ? from : sender,
                replyTo.isEmpty() ? from : replyTo,
                addresses(header.first("To")),
                addresses(header.first("Cc")),
                addresses(header.first("Bcc")),
                header.first("In-Reply-To"),
                header.first("Message-ID"));
    }

    private static List<EnvelopeAddress> addresses(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<EnvelopeAddress> result = new ArrayList<>();
        try {
            // mime4j reads the CharSequence form as single-byte text and loses its place on
            // non-ASCII (RFC 6532) values; hand it the UTF-8 bytes and repair the strings after.
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            ByteArrayBuffer buffer = new ByteArrayBuffer(utf8, true);
            AddressList list = LenientAddressParser.DEFAULT.parseAddressList(buffer, new ParserCursor(0, utf8.length));
            for (Address address : list) {
                if (address instanceof Group group) {
                    result.add(EnvelopeAddress.groupStart(utf8(group.getName())));
                    group.getMailboxes().forEach(m -> result.add(address(m, value)));
                    result.add(EnvelopeAddress.groupEnd());
                } else if (address instanceof Mailbox mailbox) {
                    result.add(address(mailbox, value));
                }
            }
        } catch (RuntimeException e) {
            return List.of();
        }
        return List.copyOf(result);
    }

    private static EnvelopeAddress address(Mailbox mailbox, String field) {
        String route = mailbox.getRoute() == null || mailbox.getRoute().isEmpty() ? null : mailbox.getRoute().toRouteString();
        String name = mailbox.getName() != null ? utf8(mailbox.getName()) : trailingComment(field, mailbox);
        return new EnvelopeAddress(name, utf8(route), utf8(mailbox.getLocalPart()), utf8(mailbox.getDomain()));
    }

    /**
     * The old form {@code user@domain (Real Name)} (RFC 822): with no display name, the comment
     * right after the address is the name, as Dovecot and most clients show it. mime4j drops
     * comments, so it is looked for in the field's text.
     */
    private static String trailingComment(String field, Mailbox mailbox) {
        if (mailbox.getLocalPart() == null || mailbox.getDomain() == null || field.indexOf('(') < 0) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                java.util.regex.Pattern.quote(utf8(mailbox.getLocalPart())) + "@" + java.util.regex.Pattern.quote(utf8(mailbox.getDomain()))
                        + "[ \\t]*\\(([^()\\\\]*)\\)", java.util.regex.Pattern.CASE_INSENSITIVE).matcher(field);
        if (!m.find()) {
            return null;
        }
        String comment = DecoderUtil.decodeEncodedWords(m.group(1).trim(), DecodeMonitor.SILENT);
        return comment.isEmpty() ? null : comment;
    }

    /**
     * Undoes mime4j's byte-per-char reading of UTF-8 input. A name that came from an encoded word
     * is already proper Unicode and is kept: it either has a char above U+00FF or its Latin-1
     * bytes are not valid UTF-8.
     */
    private static String utf8(String s) {
        if (s == null) {
            return null;
        }
        boolean high = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xFF) {
                return s;
            }
            high |= c >= 0x80;
        }
        if (!high) {
            return s;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return s;
        }
    }

    /** RFC 5322 §4.3's obsolete zone names; military letters and unknown names count as +0000. */
    private static final Map<String, Integer> ZONE_HOURS = Map.of("UT", 0, "GMT", 0, "EST", -5, "EDT", -4, "CST", -6,
            "CDT", -5, "MST", -7, "MDT", -6, "PST", -8, "PDT", -7);
    private static final java.util.regex.Pattern ZONE = java.util.regex.Pattern.compile(
            "(?:([+-])(\\d{2})(\\d{2})|([A-Za-z]{1,5}))\\s*(?:\\([^)]*\\)\\s*)*$");

    private static OffsetDateTime sentDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            ParsedField parsed = LenientFieldParser.parse("Date: " + value, DecodeMonitor.SILENT);
            Date date = parsed instanceof DateTimeField dateField ? dateField.getDate() : null;
            if (date == null) {
                return null;
            }
            String tail = value.trim();
            // the zone is at the end: looking at the last 100 characters keeps a hostile header's cost bounded
            java.util.regex.Matcher zone = ZONE.matcher(tail.length() > 100 ? tail.substring(tail.length() - 100) : tail);
            if (!zone.find()) {
                return date.toInstant().atOffset(ZoneOffset.UTC);
            }
            if (zone.group(1) == null) {
                // mime4j reads a zone name (EST) as +0000: the clock time it gives is the sender's
                ZoneOffset named = ZoneOffset.ofHours(ZONE_HOURS.getOrDefault(zone.group(4).toUpperCase(Locale.ROOT), 0));
                return date.toInstant().atOffset(ZoneOffset.UTC).toLocalDateTime().atOffset(named);
            }
            int minutes = Integer.parseInt(zone.group(3));
            int seconds = (Integer.parseInt(zone.group(2)) * 60 + minutes) * 60;
            ZoneOffset numeric = minutes > 59 || seconds > 18 * 3600 ? ZoneOffset.UTC
                    : ZoneOffset.ofTotalSeconds(zone.group(1).equals("-") ? -seconds : seconds);
            return date.toInstant().atOffset(numeric);
        } catch (Exception e) {
            return null;
        }
    }

    // --- search text ---

    /** One line per field, "name: decoded value", for SEARCH FROM / SUBJECT / HEADER. */
    private static final java.util.Set<String> ADDRESS_FIELDS = java.util.Set.of("from", "to", "cc", "bcc", "sender", "reply-to");

    private static String addressText(List<EnvelopeAddress> addresses) {
        StringBuilder text = new StringBuilder();
        for (EnvelopeAddress a : addresses) {
            String part = a.address() != null ? (a.name() == null ? "" : a.name() + " ") + "<" + a.address() + ">"
                    : a.mailbox(); // a group's name; null at its end
            if (part != null) {
                text.append(text.length() == 0 ? "" : ", ").append(part.replace('\n', ' '));
            }
        }
        return text.toString();
    }

    private static String headerText(HeaderSection header) {
        StringBuilder text = new StringBuilder();
        for (HeaderField field : header.fields()) {
            if (text.length() >= MAX_SEARCH_CHARS) {
                break;
            }
            String value = DecoderUtil.decodeEncodedWords(field.value(), DecodeMonitor.SILENT).replace('\n', ' ');
            text.append(field.name()).append(": ").append(value);
            if (ADDRESS_FIELDS.contains(field.name().toLowerCase(Locale.ROOT))) {
                // SEARCH FROM user@domain finds "<user (comment)@ domain>" too: the addresses as parsed follow
                text.append('\t').append(addressText(addresses(field.value())));
            }
            text.append('\n');
        }
        return text.toString();
    }

    private void appendBodyText(String text) {
        int room = MAX_SEARCH_CHARS - bodyText.length();
        if (room > 0) {
            bodyText.append(text, 0, Math.min(room, text.length())).append('\n');
        }
    }

    /** The text of a part with its transfer encoding and charset undone. */
    public static String decodeText(byte[] raw, int start, int end, String encoding, String charsetName) {
        return decodeText(raw, start, end, encoding, charsetName, Integer.MAX_VALUE);
    }

    /**
     * The first {@code maxChars} or so characters of a text part: only as many octets are decoded
     * as that many characters can take (4 each in UTF-8), so a 25 MB text part costs the search
     * index's megabyte, not two copies of itself on the heap.
     */
    public static String decodeText(byte[] raw, int start, int end, String encoding, String charsetName, int maxChars) {
        byte[] decoded = decodeTransfer(raw, start, end, encoding, maxChars >= Integer.MAX_VALUE / 4 ? Integer.MAX_VALUE : maxChars * 4);
        Charset charset = StandardCharsets.UTF_8;
        if (charsetName != null) {
            try {
                charset = Charset.forName(charsetName.trim());
            } catch (RuntimeException unknownCharset) {
                charset = StandardCharsets.UTF_8;
            }
        }
        // US-ASCII (declared, or the default without a Content-Type) is read as UTF-8, its superset:
        // the same text for ASCII, and raw 8-bit UTF-8 mail (common in Korean) becomes searchable
        // instead of replacement characters
        return new String(decoded, charset.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : charset);
    }

    /** The bytes of a part with base64 or quoted-printable undone; other encodings as they are. */
    public static byte[] decodeTransfer(byte[] raw, int start, int end, String encoding) {
        return decodeTransfer(raw, start, end, encoding, Integer.MAX_VALUE);
    }

    /** The first {@code maxOctets} octets of a part with its transfer encoding undone. */
    public static byte[] decodeTransfer(byte[] raw, int start, int end, String encoding, int maxOctets) {
        try (InputStream in = transferDecoder(new ByteArrayInputStream(raw, start, end - start), encoding)) {
            return in.readNBytes(maxOctets);
        } catch (IOException e) {
            return Arrays.copyOfRange(raw, start, Math.min(end, start + Math.max(0, Math.min(maxOctets, end - start))));
        }
    }

    /** The Content-Transfer-Encodings {@link #transferDecoder} undoes or passes through as they are. */
    public static boolean decodable(String encoding) {
        return java.util.Set.of("7bit", "8bit", "binary", "base64", "quoted-printable")
                .contains(encoding == null ? "7bit" : encoding.toLowerCase(Locale.ROOT));
    }

    public static InputStream transferDecoder(InputStream in, String encoding) {
        return switch (encoding == null ? "" : encoding.toLowerCase(Locale.ROOT)) {
            case "base64" -> new Base64InputStream(in, DecodeMonitor.SILENT);
            case "quoted-printable" -> new QuotedPrintableInputStream(in, DecodeMonitor.SILENT);
            default -> in;
        };
    }
}

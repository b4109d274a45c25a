package edu.hamburger.mail.mailbox.sieve;

import edu.hamburger.mail.core.address.HeaderAddresses;
import edu.hamburger.mail.core.message.BodyPart;
import edu.hamburger.mail.core.message.HeaderField;
import edu.hamburger.mail.core.message.HeaderSection;
import edu.hamburger.mail.mailbox.mime.MessageParser;
import edu.hamburger.mail.mailbox.store.StoredMessage;
import edu.hamburger.mail.sieve.SieveMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * A message being delivered, as Sieve sees it for one recipient: header fields decoded and
 * unfolded (RFC 2047 words), the addresses of address fields, the text the store extracted for
 * SEARCH (transfer-decoded, in Unicode), the raw body after the header, and each part for
 * body :content.
 */
final class DeliveredMessage implements SieveMessage {

    /** Octets (or characters) of the body, or of one part, a body test reads. */
    private static final int MAX_CONTENT = 1024 * 1024;

    private final StoredMessage message;
    private final HeaderSection header;
    private final String envelopeFrom;
    private final String envelopeTo;

    DeliveredMessage(StoredMessage message, String envelopeFrom, String envelopeTo) {
        this.message = message;
        this.header = HeaderSection.parse(message.raw(), 0, message.raw().length);
        this.envelopeFrom = envelopeFrom;
        this.envelopeTo = envelopeTo;
    }

    @Override
    public List<String> header(String name) {
        List<String> values = new ArrayList<>();
        for (HeaderField field : header.fields()) {
            if (field.name().equalsIgnoreCase(name)) {
                values.add(DecoderUtil.decodeEncodedWords(unfold(field.value()), DecodeMonitor.SILENT).trim());
            }
        }
        return values;
    }

    @Override
    public List<String> addresses(String name) {
        List<String> addresses = new ArrayList<>();
        for (HeaderField field : header.fields()) {
            if (field.name().equalsIgnoreCase(name)) {
                addresses.addAll(HeaderAddresses.addrSpecs(field.value()));
            }
        }
        return addresses;
    }

    @Override
    public String envelopeFrom() {
        return envelopeFrom;
    }

    @Override
    public String envelopeTo() {
        return envelopeTo;
    }

    @Override
    public long size() {
        return message.raw().length;
    }

    @Override
    public String bodyText() {
        return message.parsed().bodyText();
    }

    @Override
    public String rawBody() {
        int start = header.bodyStart();
        int end = Math.min(message.raw().length, start + MAX_CONTENT); // like the search text: the first MiB
        return start >= end ? "" : new String(message.raw(), start, end - start, StandardCharsets.UTF_8);
    }

    @Override
    public List<Content> parts() {
        List<Content> parts = new ArrayList<>();
        collect(message.parsed().body(), parts);
        return parts;
    }

    /** Depth first, as RFC 5173 §5.2 descends; each content bounded like the search text (the first MiB). */
    private void collect(BodyPart part, List<Content> parts) {
        byte[] raw = message.raw();
        String type = part.mimeType().toLowerCase(java.util.Locale.ROOT);
        if (part.multipart()) {
            parts.add(new Content(type, ""));
            part.parts().forEach(child -> collect(child, parts));
        } else if (part.encapsulatesMessage()) {
            BodyPart enclosed = part.message();
            int end = Math.min(enclosed.bodyStart(), enclosed.headerStart() + MAX_CONTENT);
            parts.add(new Content(type, new String(raw, enclosed.headerStart(), end - enclosed.headerStart(), StandardCharsets.UTF_8)));
            collect(enclosed, parts);
        } else if (type.startsWith("text/")) {
            parts.add(new Content(type, MessageParser.decodeText(raw, part.bodyStart(), part.end(), part.encoding(),
                    part.params().get("charset"), MAX_CONTENT)));
        } else {
            parts.add(new Content(type, new String(MessageParser.decodeTransfer(raw, part.bodyStart(), part.end(), part.encoding(),
                    MAX_CONTENT), StandardCharsets.UTF_8)));
        }
    }

    private static String unfold(String value) {
        return value.replace("\r\n", "").replace("\n", "");
    }
}

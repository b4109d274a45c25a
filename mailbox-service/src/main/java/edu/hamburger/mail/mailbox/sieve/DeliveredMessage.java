package edu.hamburger.mail.mailbox.sieve;

import edu.hamburger.mail.core.address.HeaderAddresses;
import edu.hamburger.mail.core.message.HeaderField;
import edu.hamburger.mail.core.message.HeaderSection;
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
 * SEARCH (transfer-decoded, in Unicode), and the raw body after the header.
 */
final class DeliveredMessage implements SieveMessage {

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
        int end = Math.min(message.raw().length, start + 1024 * 1024); // like the search text: the first MiB
        return start >= end ? "" : new String(message.raw(), start, end - start, StandardCharsets.UTF_8);
    }

    private static String unfold(String value) {
        return value.replace("\r\n", "").replace("\n", "");
    }
}

package edu.hamburger.mail.mailbox.mime;

import edu.hamburger.mail.core.message.BodyPart;
import edu.hamburger.mail.core.message.EnvelopeAddress;
import edu.hamburger.mail.core.message.MessageEnvelope;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The header of an entity, read from bytes: fields in order, and where the body starts (after the
 * empty line). Lines may end in CRLF or a bare LF. Values are UTF-8 (RFC 6532); bytes that are not
 * valid UTF-8 become U+FFFD rather than failing the message. Limits keep a hostile header from
 * costing more than a bounded amount of memory.
 */
public record HeaderSection(List<HeaderField> fields, int headerStart, int bodyStart) {

    static final int MAX_FIELDS = 2000;
    static final int MAX_FIELD_CHARS = 64 * 1024;

    public static HeaderSection parse(byte[] raw, int start, int end) {
        List<HeaderField> fields = new ArrayList<>();
        int pos = start;
        StringBuilder current = null;
        while (pos < end) {
            int lineEnd = indexOfLf(raw, pos, end);
            int next = lineEnd < 0 ? end : lineEnd + 1;
            int contentEnd = lineEnd < 0 ? end : (lineEnd > pos && raw[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd);
            if (contentEnd == pos) { // the empty line: the body follows
                addField(fields, current);
                return new HeaderSection(List.copyOf(fields), start, next);
            }
            String line = new String(raw, pos, contentEnd - pos, StandardCharsets.UTF_8);
            if ((raw[pos] == ' ' || raw[pos] == '\t') && current != null) {
                if (current.length() < MAX_FIELD_CHARS) {
                    current.append(line);
                }
            } else {
                addField(fields, current);
                current = fields.size() < MAX_FIELDS ? new StringBuilder(line) : null;
            }
            pos = next;
        }
        addField(fields, current);
        return new HeaderSection(List.copyOf(fields), start, end);
    }

    /** The first field of that name, or null. */
    public String first(String name) {
        for (HeaderField field : fields) {
            if (field.is(name)) {
                return field.value();
            }
        }
        return null;
    }

    private static void addField(List<HeaderField> fields, StringBuilder line) {
        if (line == null) {
            return;
        }
        int colon = line.indexOf(":");
        if (colon <= 0) {
            return; // not a field (e.g. an mbox "From " line): ignored, as Dovecot does
        }
        String name = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        fields.add(new HeaderField(name, value));
    }

    static int indexOfLf(byte[] raw, int from, int end) {
        for (int i = from; i < end; i++) {
            if (raw[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}

package edu.hamburger.mail.core.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The header of an entity, read from bytes: fields in order, and where the body starts (after the
 * empty line). Lines may end in CRLF or a bare LF. Values are UTF-8 (RFC 6532); bytes that are not
 * valid UTF-8 become U+FFFD rather than failing the message. A line that is neither a field nor a
 * continuation is skipped and counted in {@code malformedLines} (an mbox "From " line, say).
 * Limits keep a hostile header from costing more than a bounded amount of memory.
 */
public record HeaderSection(List<HeaderField> fields, int headerStart, int bodyStart, int malformedLines) {

    static final int MAX_FIELDS = 2000;
    static final int MAX_FIELD_CHARS = 64 * 1024;

    public static HeaderSection parse(byte[] raw, int start, int end) {
        List<HeaderField> fields = new ArrayList<>();
        int malformed = 0;
        int pos = start;
        StringBuilder current = null;
        int currentStart = start;
        while (pos < end) {
            int lineEnd = indexOfLf(raw, pos, end);
            int next = lineEnd < 0 ? end : lineEnd + 1;
            int contentEnd = lineEnd < 0 ? end : (lineEnd > pos && raw[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd);
            if (contentEnd == pos) { // the empty line: the body follows
                malformed += addField(fields, current, currentStart, pos);
                return new HeaderSection(List.copyOf(fields), start, next, malformed);
            }
            String line = new String(raw, pos, contentEnd - pos, StandardCharsets.UTF_8);
            if ((raw[pos] == ' ' || raw[pos] == '\t') && current != null) {
                if (current.length() < MAX_FIELD_CHARS) {
                    current.append(line);
                }
            } else {
                malformed += addField(fields, current, currentStart, pos);
                current = fields.size() < MAX_FIELDS ? new StringBuilder(line) : null;
                currentStart = pos;
            }
            pos = next;
        }
        malformed += addField(fields, current, currentStart, end);
        return new HeaderSection(List.copyOf(fields), start, end, malformed);
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

    /** True if a line of {@code raw} at {@code pos} starts a header field: a field name, then a colon. */
    public static boolean startsField(byte[] raw, int pos, int end) {
        int i = pos;
        while (i < end && raw[i] >= 33 && raw[i] <= 126 && raw[i] != ':') {
            i++;
        }
        return i > pos && i < end && raw[i] == ':';
    }

    private static int addField(List<HeaderField> fields, StringBuilder line, int start, int end) {
        if (line == null) {
            return 0;
        }
        int colon = line.indexOf(":");
        String name = colon <= 0 ? "" : line.substring(0, colon).trim();
        if (colon <= 0 || name.isEmpty() || !name.chars().allMatch(c -> c >= 33 && c <= 126)) {
            return 1;
        }
        fields.add(new HeaderField(name, line.substring(colon + 1).trim(), start, end));
        return 0;
    }

    public static int indexOfLf(byte[] raw, int from, int end) {
        for (int i = from; i < end; i++) {
            if (raw[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}

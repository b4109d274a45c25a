package edu.hamburger.mail.imap.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * BODY[HEADER.FIELDS (...)] and BODY[HEADER.FIELDS.NOT (...)]: the chosen fields of a header
 * section, folded lines and all, followed by the blank line (RFC 3501 §6.4.5).
 */
final class HeaderFields {

    private HeaderFields() {
    }

    static byte[] select(byte[] header, Set<String> names, boolean not) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        int position = 0;
        while (position < header.length) {
            int end = fieldEnd(header, position);
            if (end == position) {
                break;
            }
            int colon = -1;
            for (int i = position; i < end; i++) {
                if (header[i] == ':') {
                    colon = i;
                    break;
                }
                if (header[i] == '\r' || header[i] == '\n') {
                    break;
                }
            }
            if (colon > position) {
                String name = new String(header, position, colon - position, StandardCharsets.US_ASCII).trim().toUpperCase(Locale.ROOT);
                if (names.contains(name) != not) {
                    out.write(header, position, end - position);
                }
            }
            position = end;
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    /** The end of the field starting at {@code start}: after its last line, continuation lines included; start for the blank line. */
    private static int fieldEnd(byte[] header, int start) {
        if (header[start] == '\r' || header[start] == '\n') {
            return start;
        }
        int i = start;
        while (i < header.length) {
            int lf = i;
            while (lf < header.length && header[lf] != '\n') {
                lf++;
            }
            i = Math.min(lf + 1, header.length);
            if (i >= header.length || (header[i] != ' ' && header[i] != '\t')) {
                return i;
            }
        }
        return i;
    }
}

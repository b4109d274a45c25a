package edu.hamburger.mail.mailbox.mime;

import edu.hamburger.mail.core.message.BodyPart;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Rewrites the parts of a message whose body holds a NUL octet as base64, before it is stored.
 *
 * <p>Why: IMAP4rev1 may send any octet but NUL in a literal, so a part that came in binary
 * (APPEND with a literal8, RFC 3516, or a careless sender) could not be sent back as BODY[] or
 * BODY[n] at all. RFC 3516 lets the server keep such content "in a form different from that
 * submitted"; base64 is the form every reader understands, and BINARY[n] undoes it, so a client
 * that asks for the binary content still gets the octets it sent.
 * Everything else is kept byte for byte: the other parts, the headers but the part's own
 * Content-Transfer-Encoding field, the boundaries.
 */
public final class NulPartEncoder {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] BASE64_FIELD = "Content-Transfer-Encoding: base64\r\n".getBytes(StandardCharsets.US_ASCII);

    private NulPartEncoder() {
    }

    /** The message with every leaf part whose body holds NUL in base64, or the same array when none does. */
    public static byte[] encode(byte[] raw, BodyPart structure) {
        if (indexOfNul(raw, 0, raw.length) < 0) {
            return raw;
        }
        List<BodyPart> leaves = new ArrayList<>();
        collect(structure, raw, leaves);
        if (leaves.isEmpty()) {
            return raw; // NUL only in a header or between parts: nothing a transfer encoding can carry
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + raw.length / 3);
        int copied = 0;
        for (BodyPart leaf : leaves) {
            out.write(raw, copied, leaf.headerStart() - copied);
            writeHeader(raw, leaf.headerStart(), leaf.bodyStart(), out);
            byte[] body = new byte[leaf.end() - leaf.bodyStart()];
            System.arraycopy(raw, leaf.bodyStart(), body, 0, body.length);
            out.writeBytes(Base64.getMimeEncoder().encode(body));
            if (leaf.end() == raw.length) {
                out.writeBytes(CRLF); // the last line of the message; a part inside a multipart ends before its delimiter's CRLF
            }
            copied = leaf.end();
        }
        out.write(raw, copied, raw.length - copied);
        return out.toByteArray();
    }

    /** Leaf parts holding NUL, in the order they appear (as the parser found them). */
    private static void collect(BodyPart part, byte[] raw, List<BodyPart> leaves) {
        if (part.multipart()) {
            part.parts().forEach(child -> collect(child, raw, leaves));
        } else if (part.encapsulatesMessage()) {
            collect(part.message(), raw, leaves);
        } else if (indexOfNul(raw, part.bodyStart(), part.end()) >= 0) {
            leaves.add(part);
        }
    }

    /**
     * The part's header without its Content-Transfer-Encoding field (and the field's folded
     * lines), with "Content-Transfer-Encoding: base64" before the empty line that ends it.
     */
    private static void writeHeader(byte[] raw, int start, int end, ByteArrayOutputStream out) {
        boolean skipping = false;
        int pos = start;
        int blankLine = end;
        while (pos < end) {
            int lineEnd = pos;
            while (lineEnd < end && raw[lineEnd] != '\n') {
                lineEnd++;
            }
            int next = Math.min(end, lineEnd + 1);
            boolean empty = lineEnd == pos || (lineEnd == pos + 1 && raw[pos] == '\r');
            if (empty) {
                blankLine = pos;
                break;
            }
            boolean continuation = raw[pos] == ' ' || raw[pos] == '\t';
            if (!continuation) {
                skipping = new String(raw, pos, Math.min(26, lineEnd - pos), StandardCharsets.ISO_8859_1)
                        .toLowerCase(Locale.ROOT).startsWith("content-transfer-encoding:");
            }
            if (!skipping) {
                out.write(raw, pos, next - pos);
                if (raw[next - 1] != '\n') {
                    out.writeBytes(CRLF);
                }
            }
            pos = next;
        }
        out.writeBytes(BASE64_FIELD);
        if (blankLine < end) {
            out.write(raw, blankLine, end - blankLine);
        } else {
            out.writeBytes(CRLF); // a header with no empty line after it (the part was all header)
        }
    }

    private static int indexOfNul(byte[] raw, int from, int to) {
        for (int i = from; i < to; i++) {
            if (raw[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}

package edu.hamburger.mail.auth.dkim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * RFC 6376 §3.4: the "simple" and "relaxed" forms of header fields and body that signer and
 * verifier hash. Header fields are handled as ISO-8859-1 strings so every octet (UTF-8 headers
 * too, RFC 6532) survives unchanged; the body is fed to the digest as it is read, never copied.
 */
public enum Canonicalization {
    SIMPLE, RELAXED;

    public static Canonicalization of(String name) {
        return switch (name) {
            case "simple" -> SIMPLE;
            case "relaxed" -> RELAXED;
            default -> throw new TagList.MalformedTagList("unknown canonicalization " + name);
        };
    }

    /**
     * One header field as hashed, with its line break; {@code raw} is the field as in the
     * message (name, colon, value, folding, final CRLF), as ISO-8859-1 text.
     */
    public String header(String raw) {
        if (this == SIMPLE) {
            return raw.endsWith("\r\n") ? raw : raw + "\r\n";
        }
        int colon = raw.indexOf(':');
        String name = raw.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT);
        String value = raw.substring(colon + 1).replace("\r\n", "").replace("\n", "");
        StringBuilder out = new StringBuilder(name.length() + value.length() + 3).append(name).append(':');
        boolean space = false;
        boolean started = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t') {
                space = started;
            } else {
                if (space) {
                    out.append(' ');
                }
                out.append(c);
                space = false;
                started = true;
            }
        }
        return out.append("\r\n").toString();
    }

    /**
     * Feeds the canonical body of {@code message[from, to)} to {@code digest}, at most
     * {@code limit} octets of it (the l= tag; -1 for all), and returns how many octets the whole
     * canonical body has.
     */
    public long body(byte[] message, int from, int to, MessageDigest digest, long limit) {
        BodySink sink = new BodySink(digest, limit);
        int pos = from;
        byte[] line = new byte[256];
        while (pos < to) {
            int lf = pos;
            while (lf < to && message[lf] != '\n') {
                lf++;
            }
            int end = lf < to && lf > pos && message[lf - 1] == '\r' ? lf - 1 : lf;
            if (this == SIMPLE) {
                if (end == pos) {
                    sink.emptyLine();
                } else {
                    sink.line(message, pos, end - pos);
                }
            } else {
                if (line.length < end - pos) {
                    line = new byte[Math.max(end - pos, line.length * 2)];
                }
                int n = relaxedLine(message, pos, end, line);
                if (n == 0) {
                    sink.emptyLine();
                } else {
                    sink.line(line, 0, n);
                }
            }
            pos = lf + 1;
        }
        if (this == SIMPLE && sink.total == 0) {
            sink.emit(CRLF, 0, 2); // §3.4.3: an empty body is one CRLF
        }
        return sink.total;
    }

    /** Whitespace runs become one space, whitespace at the end of the line goes (§3.4.4). */
    private static int relaxedLine(byte[] in, int from, int to, byte[] out) {
        int n = 0;
        boolean space = false;
        for (int i = from; i < to; i++) {
            byte b = in[i];
            if (b == ' ' || b == '\t') {
                space = true;
            } else {
                if (space) {
                    out[n++] = ' ';
                    space = false;
                }
                out[n++] = b;
            }
        }
        return n;
    }

    private static final byte[] CRLF = "\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Holds back empty lines until a non-empty one follows: trailing empty lines are not hashed. */
    private static final class BodySink {
        private final MessageDigest digest;
        private final long limit;
        private long total;
        private int pendingEmpty;

        BodySink(MessageDigest digest, long limit) {
            this.digest = digest;
            this.limit = limit;
        }

        void emptyLine() {
            pendingEmpty++;
        }

        void line(byte[] bytes, int offset, int length) {
            for (; pendingEmpty > 0; pendingEmpty--) {
                emit(CRLF, 0, 2);
            }
            emit(bytes, offset, length);
            emit(CRLF, 0, 2);
        }

        void emit(byte[] bytes, int offset, int length) {
            if (limit < 0 || total < limit) {
                int take = limit < 0 ? length : (int) Math.min(length, limit - total);
                digest.update(bytes, offset, take);
            }
            total += length;
        }
    }

    static String latin1(byte[] raw, int from, int to) {
        return new String(raw, from, to - from, StandardCharsets.ISO_8859_1);
    }
}

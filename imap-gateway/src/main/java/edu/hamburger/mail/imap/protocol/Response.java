package edu.hamburger.mail.imap.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds server responses (RFC 3501 §7) byte by byte: strings become quoted strings when they
 * can be, literals otherwise (8-bit, CR, LF, quotes of any size are then safe); mailbox names are
 * written in modified UTF-7.
 */
public final class Response {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    public static Response untagged() {
        return new Response().raw("* ");
    }

    public static Response tagged(String tag) {
        return new Response().raw(tag).raw(" ");
    }

    public Response raw(String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public Response raw(long number) {
        return raw(Long.toString(number));
    }

    public Response space() {
        out.write(' ');
        return this;
    }

    /** A string: quoted if short and plain, a literal otherwise; NIL for null. */
    public Response nstring(String value) {
        return value == null ? raw("NIL") : string(value.getBytes(StandardCharsets.UTF_8));
    }

    public Response string(String value) {
        return string(value.getBytes(StandardCharsets.UTF_8));
    }

    public Response string(byte[] value) {
        return value.length <= 1024 && quotable(value) ? quoted(value) : literal(value);
    }

    /** A quoted string of these octets, quote and backslash escaped; the caller knows it holds no CR, LF or NUL. */
    private Response quoted(byte[] value) {
        out.write('"');
        for (byte b : value) {
            if (b == '"' || b == '\\') {
                out.write('\\');
            }
            out.write(b);
        }
        out.write('"');
        return this;
    }

    /** A literal8 ({@code ~{n}}, RFC 3516) when the value holds a NUL octet, else a plain literal. */
    public Response literal8(byte[] value) {
        for (byte b : value) {
            if (b == 0) {
                out.write('~');
                break;
            }
        }
        return literal(value);
    }

    public Response literal(byte[] value) {
        raw("{" + value.length + "}\r\n");
        out.writeBytes(value);
        return this;
    }

    /**
     * A mailbox name: modified-UTF-7 encoded and quoted, or, once the client enabled UTF8=ACCEPT
     * or IMAP4rev2, as UTF-8 in a quoted string (RFC 6855 §3).
     */
    public Response mailbox(String name, boolean utf8) {
        if (!utf8) {
            return string(ModifiedUtf7.encode(name));
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (b == '\r' || b == '\n' || b == 0) {
                return literal(bytes);
            }
        }
        return quoted(bytes);
    }

    public Response list(List<String> atoms) {
        out.write('(');
        for (int i = 0; i < atoms.size(); i++) {
            if (i > 0) {
                out.write(' ');
            }
            raw(atoms.get(i));
        }
        out.write(')');
        return this;
    }

    public byte[] line() {
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    private static boolean quotable(byte[] value) {
        for (byte b : value) {
            if (b == '\r' || b == '\n' || b == 0 || b < 0) {
                return false;
            }
        }
        return true;
    }
}

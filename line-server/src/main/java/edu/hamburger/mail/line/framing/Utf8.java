package edu.hamburger.mail.line.framing;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one line-charset rule of every protocol here: command lines are UTF-8 (RFC 6531 for SMTP,
 * RFC 6856 for POP3, RFC 6855/9051 for IMAP; ASCII is a subset), and a line that is not is refused
 * with a protocol error rather than decoded into replacement characters or read as Latin-1.
 * NUL is refused too: no command of any of them carries one, and a NUL that got through reached
 * PostgreSQL as "invalid byte sequence" (issue 15).
 */
public final class Utf8 {

    private Utf8() {
    }

    /** The decoded text, or null when the bytes are not well-formed UTF-8 or hold a NUL. */
    public static String decodeStrict(byte[] bytes, int offset, int length) {
        boolean ascii = true;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == 0) {
                return null;
            }
            if (bytes[i] < 0) {
                ascii = false;
            }
        }
        if (ascii) {
            return new String(bytes, offset, length, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, offset, length)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    public static boolean valid(byte[] bytes, int offset, int length) {
        return decodeStrict(bytes, offset, length) != null;
    }
}

package edu.hamburger.mail.pop3.protocol;

import java.io.ByteArrayOutputStream;

/**
 * Byte-stuffing of a multi-line response (RFC 1939 §3): a line starting with "." gets another
 * one; the result always ends with CRLF, so the terminating "." stands on its own line.
 */
public final class DotStuffing {

    private DotStuffing() {
    }

    public static byte[] stuff(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + message.length / 64 + 2);
        boolean lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        if (message.length == 0 || message[message.length - 1] != '\n') {
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }
}

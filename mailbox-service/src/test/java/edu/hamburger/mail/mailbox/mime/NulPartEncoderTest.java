package edu.hamburger.mail.mailbox.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.message.BodyPart;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Parts holding NUL become base64 before they are stored; everything else stays byte for byte. */
class NulPartEncoderTest {

    @Test
    void aMessageWithoutNulIsTheSameArray() {
        byte[] raw = bytes("Subject: x\r\nContent-Transfer-Encoding: binary\r\n\r\n\u00ff\u00fe\r\n");
        assertSame(raw, NulPartEncoder.encode(raw, MessageParser.parse(raw).body()));
    }

    @Test
    void aSinglePartHoldingNulIsBase64AndDecodesToWhatWasSent() throws Exception {
        byte[] body = {0, '-', (byte) 0xe4, '\n', '\r', '\n', '\n'};
        byte[] raw = concat(bytes("From: user@domain.org\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n"), body);

        byte[] stored = NulPartEncoder.encode(raw, MessageParser.parse(raw).body());

        String text = new String(stored, StandardCharsets.ISO_8859_1);
        assertEquals("From: user@domain.org\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "AC3kCg0KCg==\r\n", text);
        BodyPart part = MessageParser.parse(stored).body();
        assertEquals("base64", part.encoding());
        assertArrayEquals(body, decoded(stored, part));
    }

    @Test
    void onlyThePartHoldingNulChangesItsFoldedEncodingFieldGoesAndTheBoundariesStay() throws Exception {
        byte[] binary = {1, 0, 2, 0, 3};
        byte[] raw = concat(bytes("""
                Subject: parts\r
                MIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary=b\r
                \r
                --b\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Transfer-Encoding: 8bit\r
                \r
                caf\u00c3\u00a9\r
                --b\r
                Content-Transfer-Encoding:\r
                 binary\r
                Content-Type: application/octet-stream\r
                \r
                """), binary, bytes("\r\n--b--\r\n"));

        byte[] stored = NulPartEncoder.encode(raw, MessageParser.parse(raw).body());

        String text = new String(stored, StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith(new String(raw, 0, indexOf(raw, "--b\r\nContent-Transfer-Encoding:"), StandardCharsets.ISO_8859_1)),
                "everything before the part as it was");
        assertTrue(text.endsWith("--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "AQACAAM=\r\n--b--\r\n"), text);
        BodyPart parsed = MessageParser.parse(stored).body();
        assertEquals("8bit", parsed.parts().get(0).encoding());
        assertEquals("base64", parsed.parts().get(1).encoding());
        assertArrayEquals(binary, decoded(stored, parsed.parts().get(1)));
    }

    @Test
    void aPartInsideAnAttachedMessageIsFoundToo() throws Exception {
        byte[] raw = concat(bytes("""
                Content-Type: message/rfc822\r
                \r
                Subject: inner\r
                Content-Transfer-Encoding: binary\r
                \r
                """), new byte[] {'a', 0, 'b'}, bytes("\r\n"));

        byte[] stored = NulPartEncoder.encode(raw, MessageParser.parse(raw).body());

        BodyPart inner = MessageParser.parse(stored).body().message();
        assertEquals("base64", inner.encoding());
        assertArrayEquals(new byte[] {'a', 0, 'b', '\r', '\n'}, decoded(stored, inner));
    }

    private static byte[] decoded(byte[] stored, BodyPart part) throws Exception {
        try (InputStream in = MessageParser.transferDecoder(new ByteArrayInputStream(
                Arrays.copyOfRange(stored, part.bodyStart(), part.end())), part.encoding())) {
            return in.readAllBytes();
        }
    }

    private static int indexOf(byte[] raw, String text) {
        return new String(raw, StandardCharsets.ISO_8859_1).indexOf(text);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... pieces) {
        int length = Arrays.stream(pieces).mapToInt(p -> p.length).sum();
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] piece : pieces) {
            System.arraycopy(piece, 0, all, at, piece.length);
            at += piece.length;
        }
        return all;
    }
}

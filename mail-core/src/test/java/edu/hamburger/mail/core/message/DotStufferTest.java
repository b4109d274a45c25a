package edu.hamburger.mail.core.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One dot-stuffing for SMTP DATA and POP3 responses, whatever the block size. */
class DotStufferTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        ".one\\r\\ntwo\\r\\n..three\\r\\nno newline at end | ..one\\r\\ntwo\\r\\n...three\\r\\nno newline at end\\r\\n.\\r\\n",
        "a\\r\\n                                          | a\\r\\n.\\r\\n",
        "EMPTY                                             | .\\r\\n",
        ".                                                 | ..\\r\\n.\\r\\n",
        "x.y\\r\\n.\\r\\n                                 | x.y\\r\\n..\\r\\n.\\r\\n",
        "a\\r.\\rMAIL FROM:<x>\\r                        | a\\r\\n..\\r\\nMAIL FROM:<x>\\r\\n.\\r\\n",
        "a\\n.\\nb                                       | a\\r\\n..\\r\\nb\\r\\n.\\r\\n",
        "a\\r\\r\\n.\\n\\r\\n                            | a\\r\\n\\r\\n..\\r\\n\\r\\n.\\r\\n",
    })
    void stuffsAndTerminatesInAnyBlockSize(String input, String expected) {
        byte[] message = unescape(input).getBytes(StandardCharsets.US_ASCII);
        String wanted = unescape(expected);
        assertEquals(wanted, new String(DotStuffer.terminated(message), StandardCharsets.US_ASCII));
        for (int size : new int[] {1, 2, 5, 1000}) {
            DotStuffer stuffer = new DotStuffer(message);
            StringBuilder out = new StringBuilder();
            while (stuffer.hasMore()) {
                out.append(new String(stuffer.nextBlock(size), StandardCharsets.US_ASCII)); // a dot may sit at a block edge
            }
            assertEquals(wanted, out.toString(), "blocks of " + size);
        }
    }

    /** The rule written the plain way, octet by octet: what the block-copying code must equal. */
    private static byte[] reference(byte[] message) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        boolean lineStart = true;
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (b == '\r' || b == '\n') {
                if (b == '\r' && i + 1 < message.length && message[i + 1] == '\n') {
                    i++;
                }
                out.writeBytes(new byte[] {'\r', '\n'});
                lineStart = true;
            } else {
                if (lineStart && b == '.') {
                    out.write('.');
                }
                out.write(b);
                lineStart = false;
            }
        }
        if (!lineStart) {
            out.writeBytes(new byte[] {'\r', '\n'});
        }
        out.writeBytes(new byte[] {'.', '\r', '\n'});
        return out.toByteArray();
    }

    @org.junit.jupiter.api.Test
    void randomMessagesOfDotsAndLineEndsMatchTheRuleInEveryBlockSize() {
        java.util.Random random = new java.util.Random(42);
        byte[] alphabet = {'.', '.', '\r', '\n', 'a', 'b', ' ', (byte) 0xea};
        for (int round = 0; round < 2000; round++) {
            byte[] message = new byte[random.nextInt(300)];
            for (int i = 0; i < message.length; i++) {
                message[i] = alphabet[random.nextInt(alphabet.length)];
            }
            byte[] wanted = reference(message);
            org.junit.jupiter.api.Assertions.assertArrayEquals(wanted, DotStuffer.terminated(message));
            int size = 1 + random.nextInt(40);
            DotStuffer stuffer = new DotStuffer(message);
            java.io.ByteArrayOutputStream blocks = new java.io.ByteArrayOutputStream();
            while (stuffer.hasMore()) {
                blocks.writeBytes(stuffer.nextBlock(size));
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(wanted, blocks.toByteArray(), "blocks of " + size);
        }
    }

    private static String unescape(String text) {
        return text.equals("EMPTY") ? "" : text.replace("\\r", "\r").replace("\\n", "\n");
    }
}

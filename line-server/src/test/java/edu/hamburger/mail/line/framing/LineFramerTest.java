package edu.hamburger.mail.line.framing;

import static edu.hamburger.mail.line.framing.FramingTestSupport.frames;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineFramerTest {

    @ParameterizedTest(name = "pieces of {0}")
    @ValueSource(ints = {1, 2, 3, 7, 1000})
    void linesEndAtLfWithTheCrRemovedWhateverThePieces(int piece) {
        assertEquals(List.of("line:EHLO a", "line:NOOP", "line:", "line:bare lf"),
                frames(() -> new LineFramer(64), "EHLO a\r\nNOOP\r\n\r\nbare lf\n", piece));
    }

    @ParameterizedTest(name = "pieces of {0}")
    @ValueSource(ints = {1, 5, 1000})
    void aLongLineIsRefusedOnceAndTheNextLineIsReadAsUsual(int piece) {
        String longLine = "TAG " + "x".repeat(200) + "\r\n";
        assertEquals(List.of("refused:LINE_TOO_LONG:TAG", "line:NOOP"),
                frames(() -> new LineFramer(32), longLine + "NOOP\r\n", piece));
    }

    @ParameterizedTest(name = "pieces of {0}")
    @ValueSource(ints = {1, 1000})
    void theLimitCountsTheLineEnd(int piece) {
        // 8 octets with CRLF fits a limit of 8; 9 does not
        assertEquals(List.of("line:ABCDEF", "refused:LINE_TOO_LONG:ABCDEFG"),
                frames(() -> new LineFramer(8), "ABCDEF\r\nABCDEFG\r\n", piece));
    }

    @ParameterizedTest(name = "pieces of {0}")
    @ValueSource(ints = {1, 1000})
    void utf8IsReadAndAnythingElseRefused(int piece) {
        byte[] latin1 = {'N', 'O', 'O', 'P', ' ', (byte) 0xE9, '\r', '\n'};
        byte[] overlong = {'X', ' ', (byte) 0xC0, (byte) 0xAF, '\r', '\n'};
        byte[] korean = FramingTestSupport.bytes("MAIL FROM:<받는이@예시.한국>\r\n");
        assertEquals(List.of("refused:NOT_UTF8:NOOP", "refused:NOT_UTF8:X", "line:MAIL FROM:<받는이@예시.한국>"),
                frames(() -> new LineFramer(512), FramingTestSupport.concat(latin1, overlong, korean), piece));
    }

    @ParameterizedTest(name = "pieces of {0}")
    @ValueSource(ints = {1, 3})
    void aLineWithoutAnEndIsNeverKeptBeyondTheLimit(int piece) {
        LineFramer framer = new LineFramer(16);
        ByteQueue queue = new ByteQueue();
        byte[] endless = "y".repeat(10_000).getBytes();
        for (int at = 0; at < endless.length; at += piece) {
            queue.append(endless, at, Math.min(piece, endless.length - at));
            assertEquals(null, framer.next(queue));
            if (queue.size() > 16 + piece) {
                throw new AssertionError("kept " + queue.size() + " octets of a line over its limit");
            }
        }
    }
}

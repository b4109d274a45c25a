package edu.hamburger.mail.line.framing;

import static edu.hamburger.mail.line.framing.FramingTestSupport.frames;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LiteralCommandFramerTest {

    private final List<Long> goAheads = new ArrayList<>();

    /** Lines up to 40 octets, commands up to 100, literals up to 20 (APPEND: 1000). */
    private Supplier<Framer> framer() {
        return () -> new LiteralCommandFramer(40, 100,
                so -> new String(so, 0, Math.min(so.length, 12)).contains("APPEND") ? 1000 : 20, goAheads::add);
    }

    @ParameterizedTest(name = "pieces of {0}")
    @ValueSource(ints = {1, 2, 9, 1000})
    void aCommandRunsOnAcrossItsLiterals(int piece) {
        String login = "a1 LOGIN {3}\r\nbob {6+}\r\nsecret\r\n";
        assertEquals(List.of("command:" + login, "command:a2 NOOP\r\n"), frames(framer(), login + "a2 NOOP\r\n", piece));
        assertEquals(List.of(3L), goAheads, "only the synchronizing literal is answered with a go-ahead");
    }

    @ParameterizedTest(name = "pieces of {0}")
    @ValueSource(ints = {1, 1000})
    void aLiteralHoldsAnyOctetsEvenLineEndsAndNonUtf8(int piece) {
        byte[] command = FramingTestSupport.concat(FramingTestSupport.bytes("a APPEND INBOX {5+}\r\n"),
                new byte[] {'\r', '\n', (byte) 0xFF, '.', '\n'}, FramingTestSupport.bytes("\r\n"));
        assertEquals(1, frames(framer(), command, piece).size());
    }

    @ParameterizedTest(name = "pieces of {0}")
    @ValueSource(ints = {1, 7, 1000})
    void aLiteralAllowedBeyondTheCommandLimitDoesNotMakeItsCommandTooLong(int piece) {
        String append = "a APPEND INBOX {900+}\r\n" + "m".repeat(900) + "\r\n";
        assertEquals(List.of("command:" + append, "refused:COMMAND_TOO_LONG:b"),
                frames(framer(), append + "b APPEND INBOX {900+}\r\n" + "m".repeat(900) + " " + ("x".repeat(30) + " {20+}\r\n" + "y".repeat(20)).repeat(4) + "\r\n", piece).subList(0, 2));
    }

    @ParameterizedTest(name = "pieces of {0}")
    @ValueSource(ints = {1, 1000})
    void aSynchronizingLiteralOverItsLimitIsRefusedAndTheClientStaysInStep(int piece) {
        assertEquals(List.of("refused:LITERAL_TOO_BIG:a1", "command:a2 NOOP\r\n"),
                frames(framer(), "a1 LOGIN {400000000}\r\na2 NOOP\r\n", piece));
        assertEquals(List.of(), goAheads);
    }

    @ParameterizedTest(name = "pieces of {0}")
    @ValueSource(ints = {1, 1000})
    void aNonSynchronizingLiteralOverItsLimitIsFatal(int piece) {
        assertEquals(List.of("refused:LITERAL_TOO_BIG:fatal:a1"), frames(framer(), "a1 LOGIN {21+}\r\n", piece));
    }

    @ParameterizedTest(name = "pieces of {0}")
    @ValueSource(ints = {1, 1000})
    void overlongLinesCommandsAndNonUtf8LinesAreRefusedWithTheTag(int piece) {
        String longLine = "t1 " + "x".repeat(60) + "\r\n";
        String longCommand = "t2 X {20+}\r\n" + ("y".repeat(20) + " {20+}\r\n").repeat(6) + "v".repeat(20) + "\r\n";
        byte[] latin1 = {'t', '3', ' ', 'L', (byte) 0xE9, '\r', '\n'};
        byte[] all = FramingTestSupport.concat(FramingTestSupport.bytes(longLine + longCommand), latin1,
                FramingTestSupport.bytes("t4 NOOP\r\n"));
        List<String> frames = frames(framer(), all, piece);
        assertEquals("refused:LINE_TOO_LONG:t1", frames.get(0));
        assertEquals("refused:COMMAND_TOO_LONG:t2", frames.get(1));
        assertEquals("refused:NOT_UTF8:t3", frames.get(frames.size() - 2));
        assertEquals("command:t4 NOOP\r\n", frames.get(frames.size() - 1));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a {12}", "a {0}", "a {3+}", "{1}"})
    void literalAnnouncements(String line) {
        LiteralCommandFramer.Literal literal = LiteralCommandFramer.Literal.at((line + "\r\n").getBytes());
        assertEquals(line.contains("+") ? Boolean.FALSE : Boolean.TRUE, literal.synchronizing());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a {}", "a {x}", "a {1234567890123}", "a 12}", "a {+}", "a {1}x"})
    void notLiteralAnnouncements(String line) {
        assertEquals(null, LiteralCommandFramer.Literal.at((line + "\r\n").getBytes()));
    }

    @org.junit.jupiter.api.Test
    void literalsShareTheProcessMemoryAndReleaseGivesItBack() {
        edu.hamburger.mail.line.MessageMemory memory = new edu.hamburger.mail.line.MessageMemory(1000);
        LiteralCommandFramer first = new LiteralCommandFramer(100, 10_000, sofar -> 2000, size -> { }, memory);
        LiteralCommandFramer second = new LiteralCommandFramer(100, 10_000, sofar -> 2000, size -> { }, memory);
        byte[] append = FramingTestSupport.concat(FramingTestSupport.bytes("a1 APPEND INBOX {600}\r\n"),
                "x".repeat(600).getBytes(java.nio.charset.StandardCharsets.US_ASCII), FramingTestSupport.bytes("\r\n"));
        ByteQueue one = new ByteQueue();
        one.append(append, 0, append.length);
        org.junit.jupiter.api.Assertions.assertTrue(first.next(one) instanceof Frame.Command, "the first fits");

        ByteQueue two = new ByteQueue();
        byte[] announce = FramingTestSupport.bytes("b1 APPEND INBOX {600}\r\n");
        two.append(announce, 0, announce.length);
        Frame refused = second.next(two);
        org.junit.jupiter.api.Assertions.assertEquals("refused:NO_MEMORY:b1", FramingTestSupport.describe(refused),
                "while the first command is held, a second literal that does not fit is refused before \"+\"");

        first.release();
        two.append(announce, 0, announce.length);
        org.junit.jupiter.api.Assertions.assertNull(second.next(two), "now it fits: the framer waits for the literal");
        org.junit.jupiter.api.Assertions.assertTrue(memory.used() >= 600);
        second.release();
        org.junit.jupiter.api.Assertions.assertEquals(0, memory.used());
    }
}

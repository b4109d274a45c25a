package edu.hamburger.mail.line.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Property-based fuzzing of every framer: for any bytes, cut into pieces of any size, a framer
 * gives frames or refusals, never an exception; the same frames whatever the pieces; and it
 * keeps no more than its limits allow. The bytes lean towards what matters to a framer (CR, LF,
 * ".", braces, digits, "+", 8-bit octets). The normal suite runs a bounded number of tries; for a
 * longer campaign: {@code -Djqwik.tries.default=200000} (the default is in junit-platform.properties).
 */
class FramerFuzzTest {

    @Provide
    Arbitrary<byte[]> protocolBytes() {
        Arbitrary<Byte> interesting = Arbitraries.of((byte) '\r', (byte) '\n', (byte) '.', (byte) '{', (byte) '}',
                (byte) '+', (byte) '1', (byte) '0', (byte) '9', (byte) ' ', (byte) 'a', (byte) 0xC3, (byte) 0xA9, (byte) 0xFF);
        Arbitrary<Byte> any = Arbitraries.bytes();
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, interesting), net.jqwik.api.Tuple.of(1, any))
                .array(byte[].class).ofMaxSize(3000);
    }

    private static void sameFramesWhateverThePieces(Supplier<Framer> framers, byte[] input, int piece) {
        List<String> whole = FramingTestSupport.frames(framers, input, Math.max(1, input.length));
        assertEquals(whole, FramingTestSupport.frames(framers, input, piece));
        assertEquals(whole, FramingTestSupport.frames(framers, input, 1));
    }

    @Property
    void lineFramer(@ForAll("protocolBytes") byte[] input, @ForAll @IntRange(min = 1, max = 97) int piece) {
        sameFramesWhateverThePieces(() -> new LineFramer(40), input, piece);
        for (String frame : FramingTestSupport.frames(() -> new LineFramer(40), input, piece)) {
            assertTrue(!frame.startsWith("line:") || frame.length() - 5 <= 40, frame);
        }
        boundedQueue(new LineFramer(40), input, piece, 40);
    }

    @Property
    void literalCommandFramer(@ForAll("protocolBytes") byte[] input, @ForAll @IntRange(min = 1, max = 97) int piece) {
        Supplier<Framer> framers = () -> new LiteralCommandFramer(40, 200, so -> 50, size -> { });
        sameFramesWhateverThePieces(framers, input, piece);
        for (String frame : FramingTestSupport.frames(framers, input, piece)) {
            assertTrue(!frame.startsWith("command:") || frame.length() - 8 <= 200 + 40 + 50, "command over its limits");
        }
        boundedQueue(framers.get(), input, piece, 40);
    }

    @Property
    void dataFramer(@ForAll("protocolBytes") byte[] input, @ForAll @IntRange(min = 1, max = 97) int piece) {
        sameFramesWhateverThePieces(() -> new DataFramer(500), input, piece);
        for (String frame : FramingTestSupport.frames(() -> new DataFramer(500), input, piece)) {
            assertTrue(frame.length() <= "data:".length() + 500 + ":too-big:bare".length(), "DATA kept over its limit");
        }
    }

    @Property
    void countedFramer(@ForAll("protocolBytes") byte[] input, @ForAll @IntRange(min = 1, max = 97) int piece,
            @ForAll @IntRange(min = 1, max = 400) int count) {
        sameFramesWhateverThePieces(() -> new CountedFramer(count, 100), input, piece);
    }

    /** What a framer leaves queued between calls never grows past its line limit and one piece. */
    private static void boundedQueue(Framer framer, byte[] input, int piece, int maxLine) {
        ByteQueue queue = new ByteQueue();
        for (int at = 0; at < input.length; at += piece) {
            queue.append(input, at, Math.min(piece, input.length - at));
            while (framer.next(queue) != null) {
                // take every frame there is
            }
            assertTrue(queue.size() <= maxLine + piece, "kept " + queue.size() + " octets");
        }
    }
}

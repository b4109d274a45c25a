package edu.hamburger.mail.line.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkedBytesTest {

    @Test
    void bytesWrittenSinglyAndInRunsAcrossChunkBordersComeBackInOrder() {
        byte[] expected = new byte[200_001];
        new Random(7).nextBytes(expected);
        ChunkedBytes bytes = new ChunkedBytes();
        int at = 0;
        for (int run : new int[] {1, 65_535, 2, 70_000, 3}) {
            bytes.write(expected, at, run);
            at += run;
        }
        while (at < expected.length) {
            bytes.write(expected[at++]);
        }
        assertEquals(expected.length, bytes.size());
        assertArrayEquals(expected, bytes.toArray());
        assertEquals(0, bytes.size(), "the chunks are let go once the array is made");
    }

    @Test
    void clearedBytesAreGone() {
        ChunkedBytes bytes = new ChunkedBytes();
        bytes.write(new byte[100_000], 0, 100_000);
        bytes.clear();
        bytes.write('x');
        assertArrayEquals(new byte[] {'x'}, bytes.toArray());
    }
}

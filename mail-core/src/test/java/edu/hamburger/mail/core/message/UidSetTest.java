package edu.hamburger.mail.core.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UidSetTest {

    @Test
    void onlyASetThatNamesTheStarNeedsTheLargestUid() {
        assertFalse(UidSet.parse("1:4,7,9:12").hasStar());
        assertTrue(UidSet.parse("1,5:*").hasStar());
        assertTrue(UidSet.parse("*:3").hasStar());
        // without a star the largest UID does not matter
        List<long[]> ranges = UidSet.parse("9:12,4:1,7").resolve(0);
        assertEquals(3, ranges.size());
        assertArrayEquals(new long[] {1, 4}, ranges.get(0));
        assertArrayEquals(new long[] {7, 7}, ranges.get(1));
        assertArrayEquals(new long[] {9, 12}, ranges.get(2));
        assertArrayEquals(new long[] {5, 8}, UidSet.parse("5:*").resolve(8).get(0));
    }
}

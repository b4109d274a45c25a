package edu.hamburger.mail.core.search;

import java.util.Arrays;

/**
 * The distinct pieces of one message while {@link SearchGrams} collects them, each a {@code long}
 * (two or three code points of 21 bits) in an open-addressing table: no String and no boxed key per
 * character of text, which cost a third of mailbox-service's CPU while filing. Pieces come out as
 * strings once each, in the order they were first seen.
 */
final class GramSet {

    private static final int BITS = 21; // Character.MAX_CODE_POINT < 1 << 21
    private static final long MASK = (1L << BITS) - 1;

    private long[] table = new long[1024];
    private long[] inOrder = new long[256];
    private int size;

    /** Two code points; their top field stays 0, so no pair equals a triple (no letter is 0). */
    static long key(int first, int second) {
        return (long) first << BITS | second;
    }

    static long key(int first, int second, int third) {
        return (long) first << (2 * BITS) | (long) second << BITS | third;
    }

    int size() {
        return size;
    }

    /** Adds a key (never 0), once. */
    void add(long key) {
        int slot = slot(key, table);
        if (table[slot] == key) {
            return;
        }
        table[slot] = key;
        if (size == inOrder.length) {
            inOrder = Arrays.copyOf(inOrder, size * 2);
        }
        inOrder[size++] = key;
        if (size * 2 > table.length) {
            grow();
        }
    }

    String[] toStrings() {
        String[] pieces = new String[size];
        int[] points = new int[3];
        for (int i = 0; i < size; i++) {
            long key = inOrder[i];
            int first = (int) (key >>> (2 * BITS));
            int n = 0;
            if (first != 0) {
                points[n++] = first;
            }
            points[n++] = (int) (key >>> BITS & MASK);
            points[n++] = (int) (key & MASK);
            pieces[i] = new String(points, 0, n);
        }
        return pieces;
    }

    /** The key's slot, or the empty one where it would go. */
    private static int slot(long key, long[] table) {
        int mask = table.length - 1;
        int slot = (int) mix(key) & mask;
        while (table[slot] != 0 && table[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static long mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 32);
    }

    private void grow() {
        long[] larger = new long[table.length * 2];
        for (int i = 0; i < size; i++) {
            larger[slot(inOrder[i], larger)] = inOrder[i];
        }
        table = larger;
    }
}

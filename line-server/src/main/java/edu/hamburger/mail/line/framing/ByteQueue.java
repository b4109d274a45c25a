package edu.hamburger.mail.line.framing;

import java.util.Arrays;

/**
 * The input a connection has received and not yet framed: bytes are appended at the end and
 * taken from the front. Taking moves a read index instead of copying what is left, so a client
 * that pipelines many commands in one packet costs linear time, not quadratic.
 */
public final class ByteQueue {

    private byte[] bytes = new byte[1024];
    private int start;
    private int end;

    public void append(byte[] data) {
        append(data, 0, data.length);
    }

    public void append(byte[] data, int offset, int length) {
        if (end + length > bytes.length) {
            int used = end - start;
            if (used + length <= bytes.length / 2) {
                System.arraycopy(bytes, start, bytes, 0, used); // enough room once what was taken is gone
            } else {
                bytes = Arrays.copyOfRange(bytes, start, start + Math.max(bytes.length * 2, used + length));
            }
            start = 0;
            end = used;
        }
        System.arraycopy(data, offset, bytes, end, length);
        end += length;
    }

    public int size() {
        return end - start;
    }

    public boolean isEmpty() {
        return end == start;
    }

    public byte get(int index) {
        return bytes[start + index];
    }

    /** The index of the first {@code value} at or after {@code from}, or -1. */
    public int indexOf(byte value, int from) {
        for (int i = start + from; i < end; i++) {
            if (bytes[i] == value) {
                return i - start;
            }
        }
        return -1;
    }

    /** The first {@code count} bytes, left in the queue. */
    public byte[] copy(int count) {
        return Arrays.copyOfRange(bytes, start, start + count);
    }

    /** Removes and returns the first {@code count} bytes. */
    public byte[] take(int count) {
        byte[] taken = Arrays.copyOfRange(bytes, start, start + count);
        skip(count);
        return taken;
    }

    public void skip(int count) {
        if (count > size()) {
            throw new IllegalArgumentException("skip " + count + " of " + size());
        }
        start += count;
        if (start == end) {
            clear();
        }
    }

    /** Offers every queued byte to {@code reader} without copying, and drops as many as it used. */
    public int consume(Reader reader) {
        int used = reader.read(bytes, start, end - start);
        skip(used);
        return used;
    }

    public void clear() {
        start = 0;
        end = 0;
        if (bytes.length > 64 * 1024) {
            bytes = new byte[1024]; // a large burst is not kept for the rest of the connection
        }
    }

    /** Reads a slice of the queue's array and says how many bytes it used; it must not keep the array. */
    @FunctionalInterface
    public interface Reader {
        int read(byte[] array, int offset, int length);
    }
}

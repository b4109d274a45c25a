package edu.hamburger.mail.line.framing;

import java.util.ArrayList;
import java.util.List;

/**
 * A growing byte buffer kept as 64 KiB chunks: growing never copies (a ByteArrayOutputStream
 * doubles and copies, holding up to twice the message while it grows), {@link #toArray()} makes
 * the one exact-size copy, and {@link #clear()} lets a refused message's bytes go at once.
 * Messages of up to 25 MB pass through here, so the heap a message costs is what it is.
 */
public final class ChunkedBytes {

    private static final int CHUNK = 64 * 1024;

    private final List<byte[]> full = new ArrayList<>();
    private byte[] current;
    private int position;
    private long size;

    public void write(int b) {
        if (current == null || position == current.length) {
            next();
        }
        current[position++] = (byte) b;
        size++;
    }

    public void write(byte[] bytes, int offset, int length) {
        while (length > 0) {
            if (current == null || position == current.length) {
                next();
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(bytes, offset, current, position, n);
            position += n;
            offset += n;
            length -= n;
            size += n;
        }
    }

    private void next() {
        if (current != null) {
            full.add(current);
        }
        current = new byte[CHUNK];
        position = 0;
    }

    public long size() {
        return size;
    }

    /** The bytes as one array; the chunks are let go (the buffer is empty afterwards). */
    public byte[] toArray() {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("too large for one array: " + size);
        }
        byte[] all = new byte[(int) size];
        int at = 0;
        for (byte[] chunk : full) {
            System.arraycopy(chunk, 0, all, at, chunk.length);
            at += chunk.length;
        }
        if (current != null) {
            System.arraycopy(current, 0, all, at, position);
        }
        clear();
        return all;
    }

    public void clear() {
        full.clear();
        current = null;
        position = 0;
        size = 0;
    }
}

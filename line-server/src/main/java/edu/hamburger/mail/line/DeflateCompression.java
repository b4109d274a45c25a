package edu.hamburger.mail.line;

import edu.hamburger.mail.line.framing.ByteQueue;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * COMPRESS=DEFLATE (RFC 4978) for one connection: raw deflate (RFC 1951, no zlib header) both
 * ways. Each write is flushed whole (SYNC_FLUSH) so the client can read every answer as it comes.
 * Input is inflated only while the connection's buffer has room, so a small compressed packet
 * cannot expand past the same bound plain input has: the rest waits, still compressed.
 */
final class DeflateCompression {

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final Inflater inflater = new Inflater(true);
    private final ArrayDeque<byte[]> waiting = new ArrayDeque<>();
    private final byte[] buffer = new byte[16 * 1024];
    private long waitingBytes;

    byte[] deflate(byte[] plain) {
        deflater.setInput(plain);
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 2 + 16);
        int produced;
        do {
            produced = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            out.write(buffer, 0, produced);
        } while (produced == buffer.length || !deflater.needsInput());
        return out.toByteArray();
    }

    /** Compressed bytes from the client, inflated by {@link #inflateInto} as room allows. */
    void received(byte[] compressed) {
        if (compressed.length > 0) {
            waiting.add(compressed);
            waitingBytes += compressed.length;
        }
    }

    /** Compressed octets not yet inflated. */
    long waitingBytes() {
        return waitingBytes;
    }

    /**
     * Inflates waiting input into {@code input} until it holds more than {@code limit} octets or
     * nothing waits.
     *
     * @throws DataFormatException the client's stream is not valid deflate data, or it ended
     */
    void inflateInto(ByteQueue input, int limit) throws DataFormatException {
        while (input.size() <= limit) {
            if (inflater.needsInput()) {
                byte[] next = waiting.poll();
                if (next == null) {
                    return;
                }
                waitingBytes -= next.length;
                inflater.setInput(next);
            }
            int inflated = inflater.inflate(buffer);
            if (inflated > 0) {
                input.append(buffer, 0, inflated);
            } else if (inflater.finished() || inflater.needsDictionary()) {
                throw new DataFormatException("the client's deflate stream ended");
            } else if (!inflater.needsInput()) {
                throw new DataFormatException("the client's deflate stream makes no progress");
            }
        }
    }

    /** Frees the native zlib state. */
    void end() {
        deflater.end();
        inflater.end();
    }
}

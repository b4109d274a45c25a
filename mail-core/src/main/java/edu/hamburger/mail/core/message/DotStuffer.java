package edu.hamburger.mail.core.message;

import java.util.Arrays;

/**
 * A message in the form SMTP DATA (RFC 5321 §4.5.2) and POP3 multi-line responses (RFC 1939 §3)
 * send it: a "." at the start of a line is doubled, the message ends with CRLF (added if it does
 * not), then ".CRLF" terminates it. Produced in blocks, so a large message is never copied whole
 * for sending.
 *
 * <p>Every line ends in CRLF on the way out: a bare CR or a bare LF is sent as CRLF, and the dot
 * rule applies after it. Without that, {@code <CR>.<CR>} inside a message went out unchanged and
 * a receiver that ends lines on a bare CR would see the end of DATA there and a second,
 * smuggled message after it (issue 15). Messages our own SMTP server accepted never have bare
 * line ends; this covers anything that reached the queue or the store another way.
 */
public final class DotStuffer {

    private static final byte[] TERMINATOR = {'.', '\r', '\n'};
    private final byte[] message;
    private int position;
    private boolean lineStart = true;
    private boolean finished;

    public DotStuffer(byte[] message) {
        this.message = message;
    }

    /** The whole stuffed and terminated form at once (POP3 RETR and TOP). */
    public static byte[] terminated(byte[] message) {
        return new DotStuffer(message).nextBlock(Integer.MAX_VALUE - 64);
    }

    public boolean hasMore() {
        return !finished;
    }

    /**
     * The next block of about {@code size} octets (the last one carries the terminator). Runs of
     * ordinary octets are copied whole; only line ends and leading dots are looked at one by one.
     */
    public byte[] nextBlock(int size) {
        long remaining = message.length - position;
        byte[] out = new byte[(int) Math.max(16, Math.min((long) size + 64, remaining + remaining / 32 + 16))];
        int n = 0;
        while (position < message.length && n < size) {
            byte b = message[position];
            if (b == '\r' || b == '\n') {
                position++;
                if (b == '\r' && position < message.length && message[position] == '\n') {
                    position++; // CRLF as it should be
                }
                out = room(out, n, 2);
                out[n++] = '\r';
                out[n++] = '\n';
                lineStart = true;
                continue;
            }
            if (lineStart && b == '.') {
                out = room(out, n, 1);
                out[n++] = '.';
            }
            int limit = (int) Math.min(message.length, position + Math.max(1L, (long) size - n));
            int end = position + 1; // message[position] is neither CR nor LF
            while (end < limit && message[end] != '\r' && message[end] != '\n') {
                end++;
            }
            out = room(out, n, end - position);
            System.arraycopy(message, position, out, n, end - position);
            n += end - position;
            position = end;
            lineStart = false;
        }
        if (position == message.length) {
            out = room(out, n, 5);
            if (!lineStart) {
                out[n++] = '\r';
                out[n++] = '\n';
            }
            System.arraycopy(TERMINATOR, 0, out, n, TERMINATOR.length);
            n += TERMINATOR.length;
            finished = true;
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** {@code out}, or a larger copy of it, with room for {@code more} octets after {@code used}. */
    private static byte[] room(byte[] out, int used, int more) {
        if (used + more <= out.length) {
            return out;
        }
        return Arrays.copyOf(out, (int) Math.min(Integer.MAX_VALUE - 8, Math.max((long) used + more, (long) out.length * 3 / 2 + 16)));
    }
}

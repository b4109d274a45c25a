package edu.hamburger.mail.line.framing;

import java.util.Arrays;

/**
 * Command lines: up to LF, with the CR before it removed. A line longer than {@code maxLength}
 * octets (its line end included) is never kept: its first octets are remembered for the answer,
 * the rest is dropped as it arrives, and once its end comes the framer hands up one refusal and
 * is in step again. A line that is not UTF-8 is refused too (see {@link Utf8}).
 */
public final class LineFramer implements Framer {

    static final int REMEMBERED = 64;

    private final int maxLength;
    private byte[] discardedStart;

    public LineFramer(int maxLength) {
        if (maxLength < 3) {
            throw new IllegalArgumentException("a line limit below 3 octets leaves no room for a command");
        }
        this.maxLength = maxLength;
    }

    @Override
    public Frame next(ByteQueue input) {
        int lf = input.indexOf((byte) '\n', 0);
        if (lf < 0) {
            if (discardedStart != null) {
                input.clear();
            } else if (input.size() > maxLength) {
                discardedStart = input.copy(Math.min(REMEMBERED, maxLength));
                input.clear();
            }
            return null;
        }
        if (discardedStart != null || lf + 1 > maxLength) {
            byte[] start = discardedStart != null ? discardedStart : input.copy(Math.min(REMEMBERED, maxLength));
            discardedStart = null;
            input.skip(lf + 1);
            return tooLong(start);
        }
        byte[] line = input.take(lf + 1);
        int length = lf > 0 && line[lf - 1] == '\r' ? lf - 1 : lf;
        String text = Utf8.decodeStrict(line, 0, length);
        if (text == null) {
            return new Frame.Refused(Frame.Refusal.NOT_UTF8, "line is not valid UTF-8 text (or holds a NUL)",
                    Arrays.copyOf(line, Math.min(REMEMBERED, line.length)), false);
        }
        return new Frame.Line(text);
    }

    private Frame tooLong(byte[] start) {
        return new Frame.Refused(Frame.Refusal.LINE_TOO_LONG, "line too long (limit " + maxLength + " octets)", start, false);
    }
}

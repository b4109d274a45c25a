package edu.hamburger.mail.line.framing;

/**
 * Exactly {@code count} octets (an SMTP BDAT chunk, RFC 3030). The first {@code keepLimit} are kept;
 * the rest are read and dropped so the client stays in step, and the frame says it overflowed.
 */
public final class CountedFramer implements Framer {

    private final ChunkedBytes kept = new ChunkedBytes();
    private final long keepLimit;
    private long remaining;
    private boolean overflow;

    public CountedFramer(long count, long keepLimit) {
        if (count < 0) {
            throw new IllegalArgumentException("negative count");
        }
        this.remaining = count;
        this.keepLimit = keepLimit;
    }

    @Override
    public Frame next(ByteQueue input) {
        if (remaining > 0) {
            input.consume((array, offset, length) -> {
                int take = (int) Math.min(remaining, length);
                int keep = (int) Math.max(0, Math.min(take, keepLimit - kept.size()));
                kept.write(array, offset, keep);
                overflow |= keep < take;
                remaining -= take;
                return take;
            });
        }
        return remaining == 0 ? new Frame.Octets(kept.toArray(), overflow) : null;
    }

}

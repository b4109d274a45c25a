package edu.hamburger.mail.line.framing;

import edu.hamburger.mail.line.MessageMemory;

/**
 * Reads message data after 354 (RFC 5321 §4.1.4 and §4.5.2), fed in chunks of any size, even one
 * byte at a time. Removes dot-stuffing and finds the end.
 *
 * <p>The end is CRLF "." CRLF and nothing else: a dot line reached by a bare LF, or a dot followed
 * by a bare LF or CR, is ordinary data, never an end, so a message cannot smuggle a second one
 * past us (SMTP smuggling). Any bare CR or LF marks the message as malformed; it is refused once
 * the real end arrives. Past {@code maxSize} octets, or past what the process's {@link MessageMemory}
 * grants, the data is counted, not kept.
 */
public final class DataReader {

    private enum State {
        /** At the start of a line that followed CRLF (or the start of data): "." is special. */
        LINE_START,
        /** At the start of a line that followed a bare LF: "." is not special. */
        LINE_START_AFTER_BARE_LF,
        /** Saw "." at a line start. */
        DOT,
        /** Saw "." CR at a line start. */
        DOT_CR,
        /** Inside a line. */
        IN_LINE,
        /** Saw CR inside a line. */
        CR,
        DONE
    }

    private final int maxSize;
    private final MessageMemory.Lease memory;
    private final ChunkedBytes message = new ChunkedBytes();
    private byte[] assembled;
    private State state = State.LINE_START;
    private long size;
    private boolean bareLineEnding;

    public DataReader(int maxSize) {
        this(maxSize, MessageMemory.UNLIMITED.lease());
    }

    /** @param memory the process's share for this message: past what it grants, octets are counted, not kept */
    public DataReader(int maxSize, MessageMemory.Lease memory) {
        this.maxSize = maxSize;
        this.memory = memory;
    }

    /**
     * Consumes bytes from {@code data[offset..]} and returns how many it used: all of them, or
     * fewer once the end was found (the rest are pipelined commands).
     */
    public int feed(byte[] data, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end && state != State.DONE) {
            byte b = data[i++];
            switch (state) {
                case LINE_START -> {
                    if (b == '.') {
                        state = State.DOT;
                    } else {
                        inLine(b);
                    }
                }
                case LINE_START_AFTER_BARE_LF -> inLine(b);
                case DOT -> {
                    if (b == '\r') {
                        state = State.DOT_CR;
                    } else {
                        // the first dot of a line is removed (transparency, §4.5.2)
                        inLine(b);
                    }
                }
                case DOT_CR -> {
                    if (b == '\n') {
                        state = State.DONE;
                    } else {
                        bareLineEnding = true; // "." CR without LF
                        write('\r');
                        inLine(b);
                    }
                }
                case IN_LINE -> inLine(b);
                case CR -> {
                    if (b == '\n') {
                        write('\r');
                        write('\n');
                        state = State.LINE_START;
                    } else {
                        bareLineEnding = true;
                        write('\r');
                        inLine(b);
                    }
                }
                case DONE -> { }
            }
        }
        return i - offset;
    }

    private void inLine(byte b) {
        if (b == '\r') {
            state = State.CR;
        } else if (b == '\n') {
            bareLineEnding = true;
            write('\n');
            state = State.LINE_START_AFTER_BARE_LF;
        } else {
            write(b);
            state = State.IN_LINE;
        }
    }

    private void write(int b) {
        size++;
        if (size <= maxSize && memory.cover(size)) {
            message.write(b);
        } else if (message.size() > 0) {
            message.clear(); // refused (too big, or no memory): what was kept goes at once
        }
    }

    public boolean done() {
        return state == State.DONE;
    }

    /** More octets arrived than {@code maxSize}: the message must be refused with 552. */
    public boolean tooBig() {
        return size > maxSize;
    }

    /** The process had no memory left for the whole message: refuse it for now (452 4.3.1). */
    public boolean overMemory() {
        return memory.refused();
    }

    /** A bare CR or LF was seen: the message must be refused. */
    public boolean bareLineEnding() {
        return bareLineEnding;
    }

    public long size() {
        return size;
    }

    /** The message without dot-stuffing; made once (the chunks are let go then). */
    public byte[] message() {
        if (assembled == null) {
            assembled = message.toArray();
        }
        return assembled;
    }
}

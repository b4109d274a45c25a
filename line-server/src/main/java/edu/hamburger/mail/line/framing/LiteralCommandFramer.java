package edu.hamburger.mail.line.framing;

import edu.hamburger.mail.line.MessageMemory;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Whole commands made of lines and literals (IMAP, RFC 3501 §4.3 and RFC 7888 LITERAL+;
 * ManageSieve, RFC 5804). A line ending in {@code {n}} or {@code {n+}} is followed by exactly n
 * octets, read by count, then the command goes on. Every size the client controls is checked
 * before anything is kept: a line, the whole command, each literal against a limit the
 * protocol gives for the command so far, so {@code {400000000}} costs nothing.
 *
 * <p>A synchronizing literal over its limit is refused and the client, who waits for "+", stays
 * in step; a non-synchronizing one is sent regardless, so the refusal is fatal.
 */
public final class LiteralCommandFramer implements Framer {

    /** How big a literal may be, given the command so far (lines and literals already read). */
    @FunctionalInterface
    public interface LiteralLimit {
        long limit(byte[] commandSoFar);
    }

    private final int maxLine;
    private final int maxCommand;
    private final LiteralLimit literalLimit;
    private final Consumer<Long> goAhead;
    private final MessageMemory memory;
    /** This command's share of the process's message memory, held until {@link #release()}. */
    private MessageMemory.Lease held;
    private final ByteArrayOutputStream command = new ByteArrayOutputStream(256);
    private long literalRemaining;
    /** Octets of this command's literals that had a limit above the command limit. */
    private long exemptOctets;
    private byte[] discardedStart;

    /**
     * @param goAhead called when a synchronizing literal is accepted (IMAP writes "+ Ready")
     */
    public LiteralCommandFramer(int maxLine, int maxCommand, LiteralLimit literalLimit, Consumer<Long> goAhead) {
        this(maxLine, maxCommand, literalLimit, goAhead, MessageMemory.UNLIMITED);
    }

    /**
     * @param memory the process's message memory: a literal that fits its limit but not the memory
     *        left is refused ({@link Frame.Refusal#NO_MEMORY}); what a command holds is returned by
     *        {@link #release()} once the protocol is done with it
     */
    public LiteralCommandFramer(int maxLine, int maxCommand, LiteralLimit literalLimit, Consumer<Long> goAhead, MessageMemory memory) {
        this.memory = memory;
        this.maxLine = maxLine;
        this.maxCommand = maxCommand;
        this.literalLimit = literalLimit;
        this.goAhead = goAhead;
    }

    @Override
    public Frame next(ByteQueue input) {
        while (true) {
            if (literalRemaining > 0) {
                input.consume((array, offset, length) -> {
                    int take = (int) Math.min(literalRemaining, length);
                    command.write(array, offset, take);
                    literalRemaining -= take;
                    return take;
                });
                if (literalRemaining > 0) {
                    return null;
                }
            }
            int lf = input.indexOf((byte) '\n', 0);
            if (lf < 0) {
                if (discardedStart == null && input.size() > maxLine) {
                    discardedStart = start(input.copy(Math.min(LineFramer.REMEMBERED, maxLine)));
                }
                if (discardedStart != null) {
                    input.clear();
                }
                return null;
            }
            if (discardedStart != null || lf + 1 > maxLine) {
                byte[] start = discardedStart != null ? discardedStart : start(input.copy(Math.min(LineFramer.REMEMBERED, maxLine)));
                discardedStart = null;
                input.skip(lf + 1);
                return refuse(Frame.Refusal.LINE_TOO_LONG, "line too long (limit " + maxLine + " octets)", start, false);
            }
            byte[] line = input.take(lf + 1);
            if (!Utf8.valid(line, 0, line.length)) {
                return refuse(Frame.Refusal.NOT_UTF8, "line is not valid UTF-8 text (or holds a NUL)", start(line), false);
            }
            command.write(line, 0, line.length);
            // a literal the protocol allowed beyond the command limit (APPEND's message) is bounded by
            // its own limit; the rest of the command still answers to this one
            if (command.size() - exemptOctets > (long) maxCommand + maxLine) {
                return refuse(Frame.Refusal.COMMAND_TOO_LONG, "command too long (limit " + maxCommand + " octets)",
                        start(line), false);
            }
            Literal literal = Literal.at(line);
            if (literal == null) {
                byte[] complete = command.toByteArray();
                command.reset();
                exemptOctets = 0;
                return new Frame.Command(complete);
            }
            long limit = literalLimit.limit(command.toByteArray());
            if (literal.size() > limit) {
                String detail = "literal of " + literal.size() + " octets is over the limit of " + limit;
                // a non-synchronizing literal comes anyway: there is no staying in step without reading it
                return refuse(Frame.Refusal.LITERAL_TOO_BIG, detail, start(line), !literal.synchronizing());
            }
            if (held == null) {
                held = memory.lease();
            }
            if (!held.cover(command.size() + literal.size())) {
                held = null; // a refused lease has given back what it held
                return refuse(Frame.Refusal.NO_MEMORY, "no memory for a literal of " + literal.size() + " octets now",
                        start(line), !literal.synchronizing());
            }
            literalRemaining = literal.size();
            if (limit > maxCommand) {
                exemptOctets += literal.size();
            }
            if (literal.synchronizing()) {
                goAhead.accept(literal.size());
            }
        }
    }

    /** The protocol is done with the last command: the message memory its literals held is free again. */
    public void release() {
        if (held != null) {
            held.release();
            held = null;
        }
    }

    /** The command's first octets: from the command so far if it has begun, else from this line. */
    private byte[] start(byte[] line) {
        if (command.size() > 0) {
            byte[] all = command.toByteArray();
            return Arrays.copyOf(all, Math.min(LineFramer.REMEMBERED, all.length));
        }
        return Arrays.copyOf(line, Math.min(LineFramer.REMEMBERED, line.length));
    }

    private Frame refuse(Frame.Refusal reason, String detail, byte[] start, boolean fatal) {
        release();
        command.reset();
        exemptOctets = 0;
        literalRemaining = 0;
        return new Frame.Refused(reason, detail, start, fatal);
    }


    /** {@code {n}} or {@code {n+}} right before the line end. */
    record Literal(long size, boolean synchronizing) {

        static Literal at(byte[] line) {
            int end = line.length - 1; // the LF
            if (end > 0 && line[end - 1] == '\r') {
                end--;
            }
            int i = end - 1;
            if (i < 0 || line[i] != '}') {
                return null;
            }
            i--;
            boolean plus = i >= 0 && line[i] == '+';
            if (plus) {
                i--;
            }
            int digitsEnd = i + 1;
            while (i >= 0 && line[i] >= '0' && line[i] <= '9') {
                i--;
            }
            int digits = digitsEnd - (i + 1);
            if (digits == 0 || digits > 12 || i < 0 || line[i] != '{') {
                return null;
            }
            long size = 0;
            for (int d = i + 1; d < digitsEnd; d++) {
                size = size * 10 + (line[d] - '0');
            }
            return new Literal(size, !plus);
        }
    }
}

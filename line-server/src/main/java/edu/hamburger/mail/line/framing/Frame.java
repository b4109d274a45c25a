package edu.hamburger.mail.line.framing;

/** One complete unit of input a framer hands to the protocol. */
public sealed interface Frame {

    /** A command or response line, CRLF (or a bare LF) removed, decoded as UTF-8. */
    record Line(String text) implements Frame {
    }

    /**
     * Input the framer refused before the protocol saw it: a line over its limit, a line that is
     * not UTF-8, a literal too big. {@code start} is the first octets of the line (at most 64),
     * so an IMAP server can still answer with the command's tag. When {@code fatal}, the framer
     * cannot stay in step with the client and the connection must be closed after the answer.
     */
    record Refused(Refusal reason, String detail, byte[] start, boolean fatal) implements Frame {
    }

    /** Message data that ended with CRLF "." CRLF, unstuffed (see {@link DataReader}). */
    record Data(DataReader reader) implements Frame {
    }

    /** Exactly the announced number of octets (a BDAT chunk); past the keep limit they were counted, not kept. */
    record Octets(byte[] bytes, boolean overflow) implements Frame {
    }

    /** A whole command with its literals (IMAP, ManageSieve), lines with their CRLF, literals as sent. */
    record Command(byte[] bytes) implements Frame {
    }

    enum Refusal {
        LINE_TOO_LONG,
        NOT_UTF8,
        COMMAND_TOO_LONG,
        LITERAL_TOO_BIG,
        /** The literal fits the limits, but the process holds as many message octets as it may now ({@code MessageMemory}). */
        NO_MEMORY
    }
}

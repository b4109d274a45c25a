package edu.hamburger.mail.core.message;

import java.io.ByteArrayOutputStream;

/**
 * A message in the form SMTP DATA (RFC 5321 §4.5.2) and POP3 multi-line responses (RFC 1939 §3)
 * send it: a "." at the start of a line is doubled, the message ends with CRLF (added if it does
 * not), then ".CRLF" terminates it. Produced in blocks, so a large message is never copied whole
 * for sending. Stored and queued messages already have CRLF line ends, so nothing else changes.
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

    /** The next block of about {@code size} octets (the last one carries the terminator). */
    public byte[] nextBlock(int size) {
        ByteArrayOutputStream block = new ByteArrayOutputStream((int) Math.min((long) size + 64,
                (long) message.length - position + message.length / 64 + 8));
        while (position < message.length && block.size() < size) {
            byte b = message[position++];
            if (lineStart && b == '.') {
                block.write('.');
            }
            block.write(b);
            lineStart = b == '\n';
        }
        if (position == message.length) {
            if (!lineStart) {
                block.write('\r');
                block.write('\n');
            }
            block.writeBytes(TERMINATOR);
            finished = true;
        }
        return block.toByteArray();
    }
}

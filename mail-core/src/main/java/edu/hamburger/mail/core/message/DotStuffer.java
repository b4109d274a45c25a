package edu.hamburger.mail.core.message;

import java.io.ByteArrayOutputStream;

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

    /** The next block of about {@code size} octets (the last one carries the terminator). */
    public byte[] nextBlock(int size) {
        ByteArrayOutputStream block = new ByteArrayOutputStream((int) Math.min((long) size + 64,
                (long) message.length - position + message.length / 64 + 8));
        while (position < message.length && block.size() < size) {
            byte b = message[position++];
            if (b == '\r' || b == '\n') {
                if (b == '\r' && position < message.length && message[position] == '\n') {
                    position++; // CRLF as it should be
                }
                block.write('\r');
                block.write('\n');
                lineStart = true;
                continue;
            }
            if (lineStart && b == '.') {
                block.write('.');
            }
            block.write(b);
            lineStart = false;
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

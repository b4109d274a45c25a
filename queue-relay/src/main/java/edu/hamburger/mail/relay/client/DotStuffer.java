package edu.hamburger.mail.relay.client;

import java.io.ByteArrayOutputStream;

/**
 * Produces a message's DATA form in blocks (RFC 5321 §4.5.2): a "." at the start of a line is
 * doubled, the message ends with CRLF, then ".CRLF" terminates it. Queued messages already have
 * CRLF line ends (smtp-gateway refuses bare CR and LF), so nothing else changes.
 */
final class DotStuffer {

    private static final byte[] TERMINATOR = {'.', '\r', '\n'};
    private final byte[] message;
    private int position;
    private boolean lineStart = true;
    private boolean finished;

    DotStuffer(byte[] message) {
        this.message = message;
    }

    boolean hasMore() {
        return !finished;
    }

    byte[] nextBlock(int size) {
        ByteArrayOutputStream block = new ByteArrayOutputStream(size + 64);
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

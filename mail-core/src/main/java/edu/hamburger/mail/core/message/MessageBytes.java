package edu.hamburger.mail.core.message;

/** Byte-level facts about a raw RFC 5322 message with CRLF line ends, without parsing it. */
public final class MessageBytes {

    private MessageBytes() {
    }

    /**
     * Where the header section ends: the offset of the empty line that separates it from the body
     * (just after the last header line's CRLF), or the message length if there is no body.
     */
    public static int headerEnd(byte[] message) {
        if (message.length >= 2 && message[0] == '\r' && message[1] == '\n') {
            return 0; // no header at all
        }
        for (int i = 0; i + 3 < message.length; i++) {
            if (message[i] == '\r' && message[i + 1] == '\n' && message[i + 2] == '\r' && message[i + 3] == '\n') {
                return i + 2;
            }
        }
        return message.length;
    }

    /** True if any byte in [from, to) has the high bit set (8-bit content, RFC 6152). */
    public static boolean hasEightBit(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0) {
                return true;
            }
        }
        return false;
    }
}

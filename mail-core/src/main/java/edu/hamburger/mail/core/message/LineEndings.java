package edu.hamburger.mail.core.message;

/**
 * RFC 5322 §2.3: CR and LF appear in a message only together, as CRLF. A bare one is how SMTP
 * smuggling hides a second message, so SMTP refuses it in DATA (while reading, in
 * {@code DataReader}) and in BDAT (over the assembled chunks, here).
 */
public final class LineEndings {

    private LineEndings() {
    }

    /** True when some CR is not followed by LF or some LF is not preceded by CR. */
    public static boolean hasBare(byte[] message) {
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (b == '\r' && (i + 1 == message.length || message[i + 1] != '\n')) {
                return true;
            }
            if (b == '\n' && (i == 0 || message[i - 1] != '\r')) {
                return true;
            }
        }
        return false;
    }
}

package edu.hamburger.mail.core.smtp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An SMTP reply (RFC 5321 §4.2): a three-digit code, an optional RFC 3463 enhanced status code
 * (written before the text when the server announced ENHANCEDSTATUSCODES), and one or more lines.
 */
public record SmtpReply(int code, String enhancedCode, List<String> lines) {

    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("not an SMTP reply code: " + code);
        }
        lines = lines == null || lines.isEmpty() ? List.of("") : List.copyOf(lines);
    }

    public static SmtpReply of(int code, String enhancedCode, String text) {
        return new SmtpReply(code, enhancedCode, List.of(text));
    }

    public static SmtpReply of(int code, String text) {
        return new SmtpReply(code, null, List.of(text));
    }

    public boolean isPositive() {
        return code < 400;
    }

    public boolean isTransientFailure() {
        return code >= 400 && code < 500;
    }

    public boolean isPermanentFailure() {
        return code >= 500;
    }

    /** The reply as the server writes it: "250-first", ..., "250 last", each ending in CRLF. */
    public byte[] toWire(boolean enhancedStatusCodes) {
        StringBuilder wire = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            wire.append(code).append(i == lines.size() - 1 ? ' ' : '-');
            if (enhancedStatusCodes && enhancedCode != null) {
                wire.append(enhancedCode).append(' ');
            }
            wire.append(lines.get(i)).append("\r\n");
        }
        return wire.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return code + (enhancedCode == null ? "" : " " + enhancedCode) + " " + String.join(" / ", lines);
    }
}

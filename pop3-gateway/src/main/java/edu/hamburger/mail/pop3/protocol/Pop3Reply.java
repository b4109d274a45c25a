package edu.hamburger.mail.pop3.protocol;

import edu.hamburger.mail.core.message.DotStuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A POP3 response (RFC 1939 §3): +OK or -ERR with a text (which may begin with an RFC 2449
 * response code such as [IN-USE]), a "+ " SASL continuation, or a multi-line body that the
 * encoder dot-stuffs and ends with ".".
 */
public record Pop3Reply(String status, String text, List<String> lines, byte[] body) {

    public static Pop3Reply ok(String text) {
        return new Pop3Reply("+OK", text, null, null);
    }

    public static Pop3Reply error(String text) {
        return new Pop3Reply("-ERR", text, null, null);
    }

    public static Pop3Reply continuation(String text) {
        return new Pop3Reply("+", text, null, null);
    }

    /** +OK followed by lines (CAPA, LIST, UIDL) and the terminating dot. */
    public static Pop3Reply okLines(String text, List<String> lines) {
        return new Pop3Reply("+OK", text, List.copyOf(lines), null);
    }

    /** +OK followed by message octets (RETR, TOP), dot-stuffed on the way out. */
    public static Pop3Reply okBody(String text, byte[] body) {
        return new Pop3Reply("+OK", text, null, body);
    }

    public boolean isOk() {
        return status.equals("+OK");
    }

    /** The octets on the wire; the only place a POP3 response becomes bytes. */
    public byte[] toWire() {
        StringBuilder head = new StringBuilder(status);
        if (!text.isEmpty() || status.equals("+")) {
            head.append(' ').append(text);
        }
        head.append("\r\n");
        if (lines != null) {
            for (String line : lines) {
                head.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
            }
            head.append(".\r\n");
        }
        byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
        if (body == null) {
            return start;
        }
        byte[] stuffed = DotStuffer.terminated(body);
        byte[] wire = new byte[start.length + stuffed.length];
        System.arraycopy(start, 0, wire, 0, start.length);
        System.arraycopy(stuffed, 0, wire, start.length, stuffed.length);
        return wire;
    }
}

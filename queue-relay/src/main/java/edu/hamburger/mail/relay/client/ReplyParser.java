package edu.hamburger.mail.relay.client;

import edu.hamburger.mail.core.smtp.SmtpReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Turns the bytes an SMTP server sends into replies (RFC 5321 §4.2): lines of {@code ddd-text}
 * continued until a {@code ddd text} line. Everything a server controls is bounded (line length,
 * lines per reply), and a malformed line is a protocol error, never a guess.
 */
public final class ReplyParser {

    /** RFC 5321 allows 512 octets per reply line; real servers stay well below this ceiling. */
    static final int MAX_LINE = 4096;
    /** EHLO replies are the longest; 200 lines is far beyond any real server. */
    static final int MAX_LINES = 200;
    private static final Pattern ENHANCED = Pattern.compile("^([245]\\.\\d{1,3}\\.\\d{1,3})(?: |$)");

    private final Consumer<SmtpReply> sink;
    private final byte[] line = new byte[MAX_LINE];
    private int length;
    private final List<String> lines = new ArrayList<>();
    private int code = -1;

    public ReplyParser(Consumer<SmtpReply> sink) {
        this.sink = sink;
    }

    /** Feeds received bytes; complete replies go to the sink in order. */
    public void feed(byte[] bytes, int offset, int count) {
        for (int i = offset; i < offset + count; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
                String text = new String(line, 0, end, StandardCharsets.UTF_8);
                length = 0;
                onLine(text);
            } else {
                if (length == MAX_LINE) {
                    throw new SmtpProtocolException("reply line longer than " + MAX_LINE + " bytes");
                }
                line[length++] = b;
            }
        }
    }

    private void onLine(String text) {
        if (text.length() < 3 || !Character.isDigit(text.charAt(0)) || !Character.isDigit(text.charAt(1))
                || !Character.isDigit(text.charAt(2)) || (text.length() > 3 && text.charAt(3) != ' ' && text.charAt(3) != '-')) {
            throw new SmtpProtocolException("malformed reply line: " + printable(text));
        }
        int lineCode = Integer.parseInt(text.substring(0, 3));
        if (lineCode < 200 || lineCode > 599) {
            throw new SmtpProtocolException("reply code out of range: " + printable(text));
        }
        if (code >= 0 && lineCode != code) {
            throw new SmtpProtocolException("reply code changed inside a multi-line reply: " + printable(text));
        }
        code = lineCode;
        lines.add(text.length() > 4 ? text.substring(4) : "");
        if (lines.size() > MAX_LINES) {
            throw new SmtpProtocolException("reply longer than " + MAX_LINES + " lines");
        }
        boolean last = text.length() == 3 || text.charAt(3) == ' ';
        if (last) {
            SmtpReply reply = toReply(code, lines);
            code = -1;
            lines.clear();
            sink.accept(reply);
        }
    }

    /** Splits an enhanced status code off the first line when the text starts with one (RFC 2034). */
    static SmtpReply toReply(int code, List<String> lines) {
        var matcher = ENHANCED.matcher(lines.get(0));
        if (matcher.find() && matcher.group(1).charAt(0) == Integer.toString(code).charAt(0)) {
            String enhanced = matcher.group(1);
            List<String> stripped = new ArrayList<>(lines.size());
            for (String l : lines) {
                stripped.add(l.startsWith(enhanced) ? l.substring(Math.min(l.length(), enhanced.length() + 1)) : l);
            }
            return new SmtpReply(code, enhanced, stripped);
        }
        return new SmtpReply(code, null, lines);
    }

    private static String printable(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}

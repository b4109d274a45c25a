package edu.hamburger.mail.imap.managesieve;

import java.nio.charset.StandardCharsets;

/** ManageSieve's answers (RFC 5804 §4): OK, NO, BYE with an optional response code and text, and strings on the wire. */
final class SieveReply {

    private SieveReply() {
    }

    static String ok(String text) {
        return "OK " + string(text) + "\r\n";
    }

    static String no(String code, String text) {
        return "NO " + (code == null ? "" : "(" + code + ") ") + string(text) + "\r\n";
    }

    static String bye(String code, String text) {
        return "BYE " + (code == null ? "" : "(" + code + ") ") + string(text) + "\r\n";
    }

    /** A quoted string where it can be one, else a literal (line ends, quotes that need it, long text). */
    static String string(String value) {
        boolean quotable = value.length() <= 1024 && value.chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0);
        if (quotable) {
            return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return "{" + value.getBytes(StandardCharsets.UTF_8).length + "}\r\n" + value;
    }
}

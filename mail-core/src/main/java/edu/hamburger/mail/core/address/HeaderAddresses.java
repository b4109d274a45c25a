package edu.hamburger.mail.core.address;

import java.util.ArrayList;
import java.util.List;

/**
 * The addresses of an address header field (From, Sender, Reply-To, To, Cc: RFC 5322 §3.4): the
 * addr-spec of each mailbox, display names, comments and group names left out. Only the shape is
 * taken apart here; each result still has to pass {@link MailAddress#parse}, and a text that is
 * no address list yields strings that do not.
 */
public final class HeaderAddresses {

    /** More mailboxes than this in one field is not a mail a person sends. */
    public static final int MAX_ADDRESSES = 1000;

    private HeaderAddresses() {
    }

    public static List<String> addrSpecs(String value) {
        List<String> found = new ArrayList<>();
        if (value == null) {
            return found;
        }
        StringBuilder plain = new StringBuilder();
        String angle = null;
        int i = 0;
        int n = value.length();
        while (i < n && found.size() <= MAX_ADDRESSES) {
            char c = value.charAt(i);
            if (c == '(') {
                i = skipComment(value, i);
                continue;
            }
            if (c == '"') {
                int end = quotedEnd(value, i);
                plain.append(value, i, end);
                i = end;
                continue;
            }
            if (c == '<') {
                int close = value.indexOf('>', i + 1);
                angle = (close < 0 ? value.substring(i + 1) : value.substring(i + 1, close)).trim();
                i = close < 0 ? n : close + 1;
                continue;
            }
            if (c == ',' || c == ';') {
                emit(found, angle, plain);
                angle = null;
                plain.setLength(0);
            } else if (c == ':' && angle == null) {
                plain.setLength(0); // a group's display name: its members follow
            } else if (!Character.isWhitespace(c)) {
                plain.append(c); // folding white space between the parts of an addr-spec is not part of it
            }
            i++;
        }
        emit(found, angle, plain);
        return found;
    }

    private static void emit(List<String> found, String angle, StringBuilder plain) {
        String spec = angle != null ? angle : plain.toString();
        if (!spec.isEmpty()) {
            found.add(spec);
        }
    }

    /** The index after a (possibly nested) comment starting at {@code start}. */
    private static int skipComment(String value, int start) {
        int depth = 0;
        for (int i = start; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
        }
        return value.length();
    }

    /** The index after a quoted string starting at {@code start}. */
    private static int quotedEnd(String value, int start) {
        for (int i = start + 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i + 1;
            }
        }
        return value.length();
    }
}

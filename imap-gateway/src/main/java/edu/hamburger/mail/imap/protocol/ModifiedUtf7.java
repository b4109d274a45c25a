package edu.hamburger.mail.imap.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Mailbox names on the wire (RFC 3501 §5.1.3): printable ASCII as is, "&" as "&-", everything
 * else as modified BASE64 of UTF-16 between "&" and "-". mailbox-service keeps names in Unicode.
 */
public final class ModifiedUtf7 {

    private ModifiedUtf7() {
    }

    public static String encode(String name) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c == '&') {
                out.append("&-");
                i++;
            } else if (c >= 0x20 && c <= 0x7e) {
                out.append(c);
                i++;
            } else {
                int start = i;
                while (i < name.length() && (name.charAt(i) < 0x20 || name.charAt(i) > 0x7e)) {
                    i++;
                }
                byte[] utf16 = name.substring(start, i).getBytes(StandardCharsets.UTF_16BE);
                String base64 = Base64.getEncoder().withoutPadding().encodeToString(utf16).replace('/', ',');
                out.append('&').append(base64).append('-');
            }
        }
        return out.toString();
    }

    public static String decode(String wire) {
        String name = decodeOrNull(wire);
        if (name == null) {
            throw new ImapSyntaxException("bad modified UTF-7 in a mailbox name");
        }
        return name;
    }

    /**
     * The name, or null when the wire form is not modified UTF-7 ("&" not closed by "-", or
     * not BASE64 of UTF-16 between them): no mailbox has such a name, since every stored name
     * is sent in this encoding.
     */
    public static String decodeOrNull(String wire) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < wire.length()) {
            char c = wire.charAt(i);
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int end = wire.indexOf('-', i);
            if (end < 0) {
                return null;
            }
            if (end == i + 1) {
                out.append('&');
            } else {
                try {
                    byte[] utf16 = Base64.getDecoder().decode(wire.substring(i + 1, end).replace(',', '/'));
                    out.append(new String(utf16, StandardCharsets.UTF_16BE));
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
            i = end + 1;
        }
        return out.toString();
    }
}

package edu.hamburger.mail.line.sasl;

import edu.hamburger.mail.line.framing.Utf8;
import java.util.Base64;

/**
 * The one decoder of SASL responses for every protocol here: PLAIN (RFC 4616) and the LOGIN
 * mechanism's two steps. The same bytes get the same answer in SMTP, POP3 and IMAP:
 * "*" cancels; "=" is an empty response (RFC 4954 §4); the base64 must be strict; PLAIN is
 * exactly {@code [authzid] NUL authcid NUL passwd} with a non-empty authcid and password, all UTF-8.
 */
public final class Sasl {

    /** RFC 4616 §2: each of authzid, authcid and passwd is at most 255 octets. */
    static final int MAX_PART = 255;

    private Sasl() {
    }

    /** A PLAIN response (the initial response or the line after the server's empty challenge). */
    public static SaslResponse plain(String line) {
        String text = line.trim();
        if (text.equals("*")) {
            return new SaslResponse.Cancelled();
        }
        byte[] decoded = base64(text);
        if (decoded == null) {
            return new SaslResponse.Malformed("invalid base64");
        }
        int first = indexOfNul(decoded, 0);
        int second = first < 0 ? -1 : indexOfNul(decoded, first + 1);
        if (second < 0 || indexOfNul(decoded, second + 1) >= 0) {
            return new SaslResponse.Malformed("PLAIN needs authzid NUL authcid NUL password");
        }
        if (first > MAX_PART || second - first - 1 > MAX_PART || decoded.length - second - 1 > MAX_PART) {
            return new SaslResponse.Malformed("PLAIN field longer than " + MAX_PART + " octets");
        }
        String authzid = Utf8.decodeStrict(decoded, 0, first);
        String user = Utf8.decodeStrict(decoded, first + 1, second - first - 1);
        String password = Utf8.decodeStrict(decoded, second + 1, decoded.length - second - 1);
        if (authzid == null || user == null || password == null) {
            return new SaslResponse.Malformed("PLAIN fields must be UTF-8");
        }
        if (user.isEmpty() || password.isEmpty()) {
            return new SaslResponse.Malformed("PLAIN needs a user name and a password");
        }
        return new SaslResponse.Credentials(authzid, user, password);
    }

    /** One step of LOGIN: a base64 user name or password, which must not be empty. */
    public static SaslResponse text(String line) {
        String text = line.trim();
        if (text.equals("*")) {
            return new SaslResponse.Cancelled();
        }
        byte[] decoded = base64(text);
        String value = decoded == null ? null : Utf8.decodeStrict(decoded, 0, decoded.length);
        if (value == null || value.isEmpty() || decoded.length > MAX_PART) {
            return new SaslResponse.Malformed("expected a base64 value");
        }
        return new SaslResponse.Text(value);
    }

    private static byte[] base64(String text) {
        if (text.equals("=")) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int indexOfNul(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}

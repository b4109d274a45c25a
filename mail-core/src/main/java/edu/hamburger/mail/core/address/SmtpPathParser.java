package edu.hamburger.mail.core.address;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the argument of MAIL FROM and RCPT TO (RFC 5321 §4.1.2, with RFC 6531's UTF-8 additions).
 *
 * <p>Accepted beyond the strict grammar, as Postfix and Sendmail do: spaces between the colon and
 * the path, a path without angle brackets ({@code MAIL FROM: alice@crepes.fr}), and a source
 * route ({@code <@relay:bob@b.org>}), which is ignored as §3.3 asks. Everything else is refused
 * with an {@link AddressSyntaxException}. Limits from §4.5.3.1: local part 64 octets, domain 255,
 * path 256, a domain label 63.
 */
public final class SmtpPathParser {

    public static final int MAX_LOCAL_PART_OCTETS = 64;
    public static final int MAX_DOMAIN_OCTETS = 255;
    public static final int MAX_PATH_OCTETS = 256;
    public static final int MAX_LABEL_OCTETS = 63;
    /** A whole MAIL/RCPT argument with parameters; the command line limit bounds it anyway. */
    public static final int MAX_ARGUMENT_CHARS = 2048;
    public static final int MAX_PARAMETERS = 16;

    private final String text;
    private int pos;

    private SmtpPathParser(String text) {
        this.text = text;
    }

    /** Parses what follows {@code MAIL FROM:}. The null path {@code <>} is allowed. */
    public static PathArgument parseReversePath(String argument) {
        return new SmtpPathParser(argument).pathArgument(true);
    }

    /** Parses what follows {@code RCPT TO:}. {@code <Postmaster>} is allowed, {@code <>} is not. */
    public static PathArgument parseForwardPath(String argument) {
        return new SmtpPathParser(argument).pathArgument(false);
    }

    /** Parses a bare mailbox, with nothing before or after it. */
    public static MailAddress parseMailbox(String text) {
        SmtpPathParser parser = new SmtpPathParser(text);
        MailAddress mailbox = parser.mailbox(false);
        if (!parser.atEnd()) {
            throw parser.error("unexpected text after the address");
        }
        return mailbox;
    }

    /** True if the text is a Dot-string (atoms joined by single dots) and needs no quoting. */
    static boolean isDotString(String local) {
        if (local.isEmpty() || local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return false;
        }
        for (int i = 0; i < local.length(); ) {
            int cp = local.codePointAt(i);
            if (cp != '.' && !isAtext(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    private PathArgument pathArgument(boolean reverse) {
        if (text.length() > MAX_ARGUMENT_CHARS) {
            throw error("argument too long");
        }
        skipBlanks();
        if (atEnd()) {
            throw error("missing path");
        }
        boolean bracketed = peek() == '<';
        SmtpPath path = bracketed ? bracketedPath(reverse) : SmtpPath.of(mailbox(true));
        if (path.mailbox() != null && path.mailbox().wireLength() + 2 > MAX_PATH_OCTETS) {
            throw error("path longer than " + MAX_PATH_OCTETS + " octets");
        }
        Map<String, String> parameters = parameters();
        return new PathArgument(path, parameters, bracketed);
    }

    private SmtpPath bracketedPath(boolean reverse) {
        expect('<');
        if (!atEnd() && peek() == '>') {
            pos++;
            if (!reverse) {
                throw error("the null path <> is not a recipient");
            }
            return SmtpPath.NULL;
        }
        if (!atEnd() && peek() == '@') {
            skipSourceRoute();
        }
        if (!reverse && text.regionMatches(true, pos, "postmaster>", 0, 11)) {
            pos += 11;
            return SmtpPath.POSTMASTER;
        }
        MailAddress mailbox = mailbox(false);
        expect('>');
        return SmtpPath.of(mailbox);
    }

    /** A-d-l ":" — the obsolete source route; parsed for syntax and dropped (RFC 5321 §3.3, C). */
    private void skipSourceRoute() {
        while (true) {
            expect('@');
            domain();
            if (atEnd() || peek() != ',') {
                break;
            }
            pos++;
        }
        expect(':');
    }

    private MailAddress mailbox(boolean unbracketed) {
        String local = atEnd() || peek() != '"' ? dotString() : quotedString();
        if (utf8Length(local) > MAX_LOCAL_PART_OCTETS) {
            throw error("local part longer than " + MAX_LOCAL_PART_OCTETS + " octets");
        }
        if (atEnd() || peek() != '@') {
            boolean endOfPath = atEnd() || peek() == '>' || (unbracketed && peek() == ' ');
            throw error(endOfPath ? "missing @domain" : "unexpected character in local part");
        }
        pos++;
        String domain = !atEnd() && peek() == '[' ? addressLiteral() : domain();
        if (unbracketed && !atEnd() && peek() != ' ' && peek() != '\t') {
            throw error("unexpected character after the address");
        }
        return new MailAddress(local, domain);
    }

    private String dotString() {
        int start = pos;
        while (true) {
            int atomStart = pos;
            while (!atEnd() && isAtext(text.codePointAt(pos))) {
                pos += Character.charCount(text.codePointAt(pos));
            }
            if (pos == atomStart) {
                throw error(pos == start ? "empty local part" : "empty atom in local part (two dots, or a trailing dot)");
            }
            if (atEnd() || peek() != '.') {
                return text.substring(start, pos);
            }
            pos++;
        }
    }

    private String quotedString() {
        expect('"');
        StringBuilder value = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw error("unterminated quoted local part");
            }
            int cp = text.codePointAt(pos);
            pos += Character.charCount(cp);
            if (cp == '"') {
                return value.toString();
            }
            if (cp == '\\') {
                if (atEnd() || text.charAt(pos) < 32 || text.charAt(pos) > 126) {
                    throw error("bad quoted pair in local part");
                }
                value.append(text.charAt(pos++));
            } else if (isQtext(cp)) {
                value.appendCodePoint(cp);
            } else {
                throw error("character not allowed in a quoted local part");
            }
        }
    }

    private String domain() {
        int start = pos;
        while (true) {
            int labelStart = pos;
            int last = -1;
            while (!atEnd()) {
                int cp = text.codePointAt(pos);
                if (!(isLetDig(cp) || cp == '-')) {
                    break;
                }
                last = cp;
                pos += Character.charCount(cp);
            }
            if (pos == labelStart) {
                throw error(pos == start ? "missing domain" : "empty label in domain");
            }
            if (text.charAt(labelStart) == '-' || last == '-') {
                throw error("a domain label cannot start or end with '-'");
            }
            if (utf8Length(text.substring(labelStart, pos)) > MAX_LABEL_OCTETS) {
                throw error("domain label longer than " + MAX_LABEL_OCTETS + " octets");
            }
            if (atEnd() || peek() != '.') {
                break;
            }
            pos++;
        }
        String domain = text.substring(start, pos);
        if (utf8Length(domain) > MAX_DOMAIN_OCTETS) {
            throw error("domain longer than " + MAX_DOMAIN_OCTETS + " octets");
        }
        return domain;
    }

    private String addressLiteral() {
        int start = pos;
        int close = text.indexOf(']', pos);
        if (close < 0) {
            throw error("unterminated address literal");
        }
        String inner = text.substring(pos + 1, close);
        if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
            if (!AddressLiterals.isIpv6(inner.substring(5))) {
                throw error("bad IPv6 address literal");
            }
        } else if (!inner.isEmpty() && Character.isDigit(inner.charAt(0)) && !inner.contains(":")) {
            if (!AddressLiterals.isIpv4(inner)) {
                throw error("bad IPv4 address literal");
            }
        } else if (!AddressLiterals.isGeneral(inner)) {
            throw error("bad address literal");
        }
        pos = close + 1;
        return text.substring(start, pos);
    }

    private Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        while (true) {
            int blanks = skipBlanks();
            if (atEnd()) {
                return parameters;
            }
            if (blanks == 0) {
                throw error("unexpected text after the path");
            }
            int keyStart = pos;
            while (!atEnd() && (isAsciiLetterOrDigit(peek()) || (pos > keyStart && peek() == '-'))) {
                pos++;
            }
            if (pos == keyStart) {
                throw error("bad ESMTP parameter keyword");
            }
            String keyword = text.substring(keyStart, pos).toUpperCase(Locale.ROOT);
            String value = "";
            if (!atEnd() && peek() == '=') {
                pos++;
                int valueStart = pos;
                while (!atEnd() && isEsmtpValueChar(text.codePointAt(pos))) {
                    pos += Character.charCount(text.codePointAt(pos));
                }
                if (pos == valueStart) {
                    throw error("empty value for ESMTP parameter " + keyword);
                }
                value = text.substring(valueStart, pos);
            }
            if (!atEnd() && peek() != ' ' && peek() != '\t') {
                throw error("bad character in ESMTP parameter " + keyword);
            }
            if (parameters.put(keyword, value) != null) {
                throw error("ESMTP parameter " + keyword + " given twice");
            }
            if (parameters.size() > MAX_PARAMETERS) {
                throw error("too many ESMTP parameters");
            }
        }
    }

    // --- character classes (RFC 5321 §4.1.2, RFC 5322 §3.2.3, RFC 6531 §3.3) ---

    static boolean isAtext(int cp) {
        if (cp < 0x80) {
            return isAsciiLetterOrDigit(cp) || "!#$%&'*+-/=?^_`{|}~".indexOf(cp) >= 0;
        }
        return isUtf8NonAscii(cp);
    }

    private static boolean isQtext(int cp) {
        return cp == 32 || cp == 33 || (cp >= 35 && cp <= 91) || (cp >= 93 && cp <= 126) || isUtf8NonAscii(cp);
    }

    private static boolean isLetDig(int cp) {
        return cp < 0x80 ? isAsciiLetterOrDigit(cp) : Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK;
    }

    private static boolean isEsmtpValueChar(int cp) {
        return (cp >= 33 && cp <= 60) || (cp >= 62 && cp <= 126) || isUtf8NonAscii(cp);
    }

    /** Non-ASCII that RFC 6531 allows: anything but C1 controls, unpaired surrogates and non-characters. */
    private static boolean isUtf8NonAscii(int cp) {
        return cp >= 0xA0 && !Character.isSurrogate((char) Math.min(cp, 0xFFFF)) && cp != 0xFFFE && cp != 0xFFFF
                && Character.getType(cp) != Character.FORMAT && Character.getType(cp) != Character.CONTROL;
    }

    private static boolean isAsciiLetterOrDigit(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    // --- cursor ---

    private int skipBlanks() {
        int start = pos;
        while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
            pos++;
        }
        return pos - start;
    }

    private void expect(char c) {
        if (atEnd() || peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private char peek() {
        return text.charAt(pos);
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private AddressSyntaxException error(String message) {
        return new AddressSyntaxException(message, pos);
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}

package edu.hamburger.mail.imap.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A cursor over one complete IMAP command (RFC 3501 §9), literals included: the transport has
 * already read every {@code {n}} literal's bytes into place. Handlers take their arguments one by
 * one; anything that does not fit the grammar throws {@link ImapSyntaxException}.
 */
public final class ImapArguments {

    private final byte[] bytes;
    private final int length;
    private int position;

    public ImapArguments(byte[] bytes) {
        this.bytes = bytes;
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\n') {
            end--;
        }
        if (end > 0 && bytes[end - 1] == '\r') {
            end--;
        }
        this.length = end;
    }

    public boolean atEnd() {
        return position >= length;
    }

    public int peek() {
        return atEnd() ? -1 : bytes[position] & 0xff;
    }

    public void space() {
        expect(' ');
    }

    /** True (and consumed) if the next byte is a space. */
    public boolean optionalSpace() {
        if (peek() == ' ') {
            position++;
            return true;
        }
        return false;
    }

    public void expect(char c) {
        if (peek() != c) {
            throw new ImapSyntaxException("expected '" + c + "'" + where());
        }
        position++;
    }

    public boolean consume(char c) {
        if (peek() == c) {
            position++;
            return true;
        }
        return false;
    }

    public void end() {
        if (!atEnd()) {
            throw new ImapSyntaxException("unexpected characters at the end" + where());
        }
    }

    /** An atom: the tag, a command name, a flag, a search key (RFC 3501 ATOM-CHAR, plus ']' where allowed). */
    public String atom() {
        int start = position;
        while (!atEnd() && isAtomChar(bytes[position])) {
            position++;
        }
        if (start == position) {
            throw new ImapSyntaxException("expected an atom" + where());
        }
        return new String(bytes, start, position - start, StandardCharsets.US_ASCII);
    }

    /** A flag: an atom, or a system flag with its backslash ({@code \Seen}, {@code \*} in PERMANENTFLAGS). */
    public String flag() {
        if (consume('\\')) {
            return "\\" + atom();
        }
        return atom();
    }

    /** A parenthesised list of flags, possibly empty; a lone flag without parentheses is accepted too (STORE). */
    public List<String> flagList() {
        List<String> flags = new ArrayList<>();
        if (!consume('(')) {
            flags.add(flag());
            while (optionalSpace()) {
                flags.add(flag());
            }
            return flags;
        }
        if (consume(')')) {
            return flags;
        }
        flags.add(flag());
        while (optionalSpace()) {
            flags.add(flag());
        }
        expect(')');
        return flags;
    }

    public long number() {
        int start = position;
        while (!atEnd() && bytes[position] >= '0' && bytes[position] <= '9') {
            position++;
        }
        if (start == position || position - start > 19) {
            throw new ImapSyntaxException("expected a number" + where());
        }
        return Long.parseLong(new String(bytes, start, position - start, StandardCharsets.US_ASCII));
    }

    /** A sequence set as text ({@code 1:*,7}); checked for its characters, resolved later. */
    public String sequenceSet() {
        int start = position;
        while (!atEnd() && (Character.isDigit(bytes[position]) || bytes[position] == ':' || bytes[position] == ','
                || bytes[position] == '*' || bytes[position] == '$')) {
            position++;
        }
        if (start == position) {
            throw new ImapSyntaxException("expected a sequence set" + where());
        }
        return new String(bytes, start, position - start, StandardCharsets.US_ASCII);
    }

    /** An astring: an atom (with ']' allowed), a quoted string or a literal, as bytes. */
    public byte[] astringBytes() {
        int c = peek();
        // '~' is an atom character (SELECT ~foo names a mailbox); only "~{" starts a literal8
        if (c == '"' || c == '{' || (c == '~' && position + 1 < length && bytes[position + 1] == '{')) {
            return stringBytes();
        }
        int start = position;
        // 8-bit bytes are accepted in an atom: clients such as imaplib send UTF-8 search words unquoted
        while (!atEnd() && (isAtomChar(bytes[position]) || bytes[position] == ']' || bytes[position] < 0)) {
            position++;
        }
        if (start == position) {
            throw new ImapSyntaxException("expected a string" + where());
        }
        byte[] value = new byte[position - start];
        System.arraycopy(bytes, start, value, 0, value.length);
        return value;
    }

    public String astring() {
        return text(astringBytes());
    }

    /**
     * A string argument as text: UTF-8 without NUL (the rule command lines follow, here for the
     * literals inside them too), else a syntax error; never replacement characters, never a NUL
     * on its way to the store.
     */
    private static String text(byte[] value) {
        String text = edu.hamburger.mail.line.framing.Utf8.decodeStrict(value, 0, value.length);
        if (text == null) {
            throw new ImapSyntaxException("a string must be UTF-8 text without NUL");
        }
        return text;
    }

    /** A quoted string or a literal (synchronizing or not). */
    public byte[] stringBytes() {
        int c = peek();
        if (c == '"') {
            position++;
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            while (true) {
                if (atEnd()) {
                    throw new ImapSyntaxException("unterminated quoted string");
                }
                byte b = bytes[position++];
                if (b == '"') {
                    return out.toByteArray();
                }
                if (b == '\\') {
                    if (atEnd()) {
                        throw new ImapSyntaxException("unterminated quoted string");
                    }
                    b = bytes[position++];
                    if (b != '"' && b != '\\') {
                        throw new ImapSyntaxException("only \\\" and \\\\ may be escaped in a quoted string");
                    }
                } else if (b == '\r' || b == '\n' || b == 0) {
                    throw new ImapSyntaxException("CR, LF and NUL are not allowed in a quoted string");
                }
                out.write(b);
            }
        }
        if (c == '~') { // literal8 (RFC 3516), accepted where a literal is
            position++;
        }
        if (peek() == '{') {
            position++;
            long size = number();
            consume('+');
            expect('}');
            expect('\r');
            expect('\n');
            if (size > bytes.length - position) {
                throw new ImapSyntaxException("literal shorter than announced");
            }
            byte[] value = new byte[(int) size];
            System.arraycopy(bytes, position, value, 0, value.length);
            position += value.length;
            return value;
        }
        throw new ImapSyntaxException("expected a string" + where());
    }

    public String string() {
        return text(stringBytes());
    }

    /** NIL or a string; null for NIL. */
    public String nstring() {
        if (peekWord("NIL")) {
            position += 3;
            return null;
        }
        return string();
    }

    /** True if the next characters are this word (case-insensitive), followed by a delimiter. */
    public boolean peekWord(String word) {
        if (position + word.length() > length) {
            return false;
        }
        String next = new String(bytes, position, word.length(), StandardCharsets.US_ASCII);
        if (!next.equalsIgnoreCase(word)) {
            return false;
        }
        int after = position + word.length();
        return after == length || !isAtomChar(bytes[after]);
    }

    /** Consumes the word if it comes next. */
    public boolean word(String word) {
        if (peekWord(word)) {
            position += word.length();
            return true;
        }
        return false;
    }

    /** The raw text up to (not including) the next top-level space or closing parenthesis, for FETCH items with brackets. */
    public String fetchItem() {
        int start = position;
        int depth = 0;
        while (!atEnd()) {
            byte b = bytes[position];
            if (b == '[') {
                depth++;
            } else if (b == ']') {
                depth--;
            } else if (depth == 0 && (b == ' ' || b == ')')) {
                break;
            }
            position++;
        }
        if (start == position || depth != 0) {
            throw new ImapSyntaxException("bad fetch item" + where());
        }
        return new String(bytes, start, position - start, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
    }

    private String where() {
        return " at position " + position;
    }

    static boolean isAtomChar(byte b) {
        return b > ' ' && b < 127 && b != '(' && b != ')' && b != '{' && b != '%' && b != '*' && b != '"'
                && b != '\\' && b != ']';
    }

    /** Like an atom but '*' and '%' allowed: a LIST pattern without quotes. */
    public String listPattern() {
        int c = peek();
        if (c == '"' || c == '{') {
            return string();
        }
        int start = position;
        // 8-bit bytes as in astringBytes: a UTF-8 pattern unquoted (imaplib after ENABLE UTF8=ACCEPT)
        while (!atEnd() && (isAtomChar(bytes[position]) || bytes[position] == '*' || bytes[position] == '%' || bytes[position] == ']'
                || bytes[position] < 0)) {
            position++;
        }
        if (start == position) {
            throw new ImapSyntaxException("expected a mailbox pattern" + where());
        }
        byte[] pattern = java.util.Arrays.copyOfRange(bytes, start, position);
        return text(pattern);
    }
}

package edu.hamburger.mail.imap.managesieve;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One ManageSieve command (RFC 5804 §4): a command name and its arguments, each an atom, a
 * quoted string or a literal ({n} or {n+}, read whole by the framer). Strings are UTF-8.
 */
record SieveCommand(String name, List<String> arguments) {

    /** Input that is not a command: answered NO with this text, the session goes on. */
    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message);
        }
    }

    static SieveCommand parse(byte[] bytes) throws SyntaxError {
        Reader reader = new Reader(bytes);
        reader.skipSpaces();
        String name = reader.atom();
        if (name.isEmpty()) {
            throw new SyntaxError("expected a command");
        }
        List<String> arguments = new ArrayList<>();
        while (true) {
            reader.skipSpaces();
            if (reader.atLineEnd()) {
                break;
            }
            arguments.add(reader.argument());
        }
        return new SieveCommand(name.toUpperCase(Locale.ROOT), List.copyOf(arguments));
    }

    /** Reads one string (the client's SASL response after a continuation). */
    static String parseString(byte[] bytes) throws SyntaxError {
        Reader reader = new Reader(bytes);
        reader.skipSpaces();
        String value = reader.argument();
        reader.skipSpaces();
        if (!reader.atLineEnd()) {
            throw new SyntaxError("expected one string");
        }
        return value;
    }

    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        void skipSpaces() {
            while (position < bytes.length && bytes[position] == ' ') {
                position++;
            }
        }

        boolean atLineEnd() {
            return position >= bytes.length || bytes[position] == '\r' || bytes[position] == '\n';
        }

        String atom() {
            int start = position;
            while (position < bytes.length && isAtomChar(bytes[position])) {
                position++;
            }
            return new String(bytes, start, position - start, StandardCharsets.US_ASCII);
        }

        String argument() throws SyntaxError {
            byte b = bytes[position];
            if (b == '"') {
                return quoted();
            }
            if (b == '{') {
                return literal();
            }
            String atom = atom();
            if (atom.isEmpty()) {
                throw new SyntaxError("unexpected character '" + (char) (b & 0xff) + "'");
            }
            return atom;
        }

        private String quoted() throws SyntaxError {
            position++;
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            while (position < bytes.length) {
                byte b = bytes[position++];
                if (b == '"') {
                    return new String(out.toByteArray(), StandardCharsets.UTF_8);
                }
                if (b == '\r' || b == '\n') {
                    break;
                }
                if (b == '\\') {
                    if (position >= bytes.length || (bytes[position] != '"' && bytes[position] != '\\')) {
                        throw new SyntaxError("in a quoted string only \\\" and \\\\ are escapes");
                    }
                    b = bytes[position++];
                }
                out.write(b);
            }
            throw new SyntaxError("a quoted string is not closed");
        }

        private String literal() throws SyntaxError {
            int close = position;
            while (close < bytes.length && bytes[close] != '}') {
                close++;
            }
            String size = new String(bytes, position + 1, Math.max(0, close - position - 1), StandardCharsets.US_ASCII);
            if (size.endsWith("+")) {
                size = size.substring(0, size.length() - 1);
            }
            if (close >= bytes.length || size.isEmpty() || size.length() > 10 || !size.chars().allMatch(Character::isDigit)) {
                throw new SyntaxError("a literal is {octets} or {octets+}");
            }
            int length = Integer.parseInt(size);
            int start = close + 1;
            if (start < bytes.length && bytes[start] == '\r') {
                start++;
            }
            if (start >= bytes.length || bytes[start] != '\n') {
                throw new SyntaxError("a literal's size ends its line");
            }
            start++;
            if (start + length > bytes.length) {
                throw new SyntaxError("the literal is shorter than announced");
            }
            position = start + length;
            return new String(bytes, start, length, StandardCharsets.UTF_8);
        }

        private static boolean isAtomChar(byte b) {
            return b > ' ' && b < 127 && b != '"' && b != '{' && b != '}' && b != '(' && b != ')';
        }
    }
}

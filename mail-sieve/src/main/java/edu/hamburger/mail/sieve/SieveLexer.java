package edu.hamburger.mail.sieve;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a script into tokens (RFC 5228 §2 and the ABNF of §8.1): identifiers, tags, numbers with
 * their K/M/G quantifier, quoted strings (backslash escapes) and {@code text:} multi-line strings
 * (dot-stuffed), skipping hash and bracket comments. Lines may end in CRLF or LF.
 */
final class SieveLexer {

    private static final long MAX_NUMBER = (1L << 53); // far beyond any size, count or day a script names

    private final String source;
    private int position;
    private int line = 1;

    private SieveLexer(String source) {
        this.source = source;
    }

    static List<Token> tokens(String source) throws SieveScriptException {
        SieveLexer lexer = new SieveLexer(source);
        List<Token> tokens = new ArrayList<>();
        Token token;
        do {
            token = lexer.next();
            tokens.add(token);
        } while (!token.is(Token.Kind.END));
        return tokens;
    }

    private Token next() throws SieveScriptException {
        skipSpaceAndComments();
        if (position >= source.length()) {
            return new Token(Token.Kind.END, "", 0, line);
        }
        char c = source.charAt(position);
        int startLine = line;
        switch (c) {
            case '[': position++; return new Token(Token.Kind.LEFT_BRACKET, "[", 0, startLine);
            case ']': position++; return new Token(Token.Kind.RIGHT_BRACKET, "]", 0, startLine);
            case '(': position++; return new Token(Token.Kind.LEFT_PAREN, "(", 0, startLine);
            case ')': position++; return new Token(Token.Kind.RIGHT_PAREN, ")", 0, startLine);
            case '{': position++; return new Token(Token.Kind.LEFT_BRACE, "{", 0, startLine);
            case '}': position++; return new Token(Token.Kind.RIGHT_BRACE, "}", 0, startLine);
            case ',': position++; return new Token(Token.Kind.COMMA, ",", 0, startLine);
            case ';': position++; return new Token(Token.Kind.SEMICOLON, ";", 0, startLine);
            case '"': return quotedString();
            case ':':
                position++;
                if (position >= source.length() || !identifierStart(source.charAt(position))) {
                    throw new SieveScriptException(startLine, "a tag needs a name after ':'");
                }
                return new Token(Token.Kind.TAG, identifier().toLowerCase(java.util.Locale.ROOT), 0, startLine);
            default:
                break;
        }
        if (c >= '0' && c <= '9') {
            return number();
        }
        if (identifierStart(c)) {
            String word = identifier();
            if (word.equalsIgnoreCase("text") && position < source.length() && source.charAt(position) == ':') {
                position++;
                return multiLineString(startLine);
            }
            return new Token(Token.Kind.IDENTIFIER, word.toLowerCase(java.util.Locale.ROOT), 0, startLine);
        }
        throw new SieveScriptException(startLine, "unexpected character '" + printable(c) + "'");
    }

    private void skipSpaceAndComments() throws SieveScriptException {
        while (position < source.length()) {
            char c = source.charAt(position);
            if (c == '\n') {
                line++;
                position++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                position++;
            } else if (c == '#') {
                while (position < source.length() && source.charAt(position) != '\n') {
                    position++;
                }
            } else if (c == '/' && position + 1 < source.length() && source.charAt(position + 1) == '*') {
                int startLine = line;
                int end = source.indexOf("*/", position + 2);
                if (end < 0) {
                    throw new SieveScriptException(startLine, "a comment opened with /* is never closed");
                }
                countLines(position, end + 2);
                position = end + 2;
            } else {
                return;
            }
        }
    }

    private String identifier() {
        int start = position;
        while (position < source.length() && identifierPart(source.charAt(position))) {
            position++;
        }
        return source.substring(start, position);
    }

    private Token number() throws SieveScriptException {
        int startLine = line;
        int start = position;
        while (position < source.length() && Character.isDigit(source.charAt(position)) && source.charAt(position) < 128) {
            position++;
        }
        String digits = source.substring(start, position);
        if (digits.length() > 15) {
            throw new SieveScriptException(startLine, "number " + digits + " is too large");
        }
        long value = Long.parseLong(digits);
        if (position < source.length()) {
            char unit = Character.toUpperCase(source.charAt(position));
            int shift = unit == 'K' ? 10 : unit == 'M' ? 20 : unit == 'G' ? 30 : 0;
            if (shift > 0) {
                position++;
                value <<= shift;
            }
        }
        if (value > MAX_NUMBER) {
            throw new SieveScriptException(startLine, "number " + digits + " is too large");
        }
        if (position < source.length() && identifierPart(source.charAt(position))) {
            throw new SieveScriptException(startLine, "a number runs into letters: " + digits + source.charAt(position));
        }
        return new Token(Token.Kind.NUMBER, digits, value, startLine);
    }

    private Token quotedString() throws SieveScriptException {
        int startLine = line;
        position++; // the opening quote
        StringBuilder text = new StringBuilder();
        while (position < source.length()) {
            char c = source.charAt(position++);
            if (c == '"') {
                return new Token(Token.Kind.STRING, text.toString(), 0, startLine);
            }
            if (c == '\\') {
                if (position >= source.length()) {
                    break;
                }
                c = source.charAt(position++); // RFC 5228 §2.4.2: "\" and '"' are escaped; any other escape is the character itself
            }
            if (c == '\n') {
                line++;
            }
            text.append(c);
        }
        throw new SieveScriptException(startLine, "a string opened with \" is never closed");
    }

    /** {@code text:} up to a line holding only "."; a leading ".." stands for "." (RFC 5228 §2.4.2). */
    private Token multiLineString(int startLine) throws SieveScriptException {
        while (position < source.length() && (source.charAt(position) == ' ' || source.charAt(position) == '\t')) {
            position++;
        }
        if (position < source.length() && source.charAt(position) == '#') {
            while (position < source.length() && source.charAt(position) != '\n') {
                position++;
            }
        }
        if (position < source.length() && source.charAt(position) == '\r') {
            position++;
        }
        if (position >= source.length() || source.charAt(position) != '\n') {
            throw new SieveScriptException(startLine, "text: must be followed by the end of the line");
        }
        position++;
        line++;
        StringBuilder text = new StringBuilder();
        while (position < source.length()) {
            int end = source.indexOf('\n', position);
            String lineText = source.substring(position, end < 0 ? source.length() : end);
            if (lineText.endsWith("\r")) {
                lineText = lineText.substring(0, lineText.length() - 1);
            }
            position = end < 0 ? source.length() : end + 1;
            if (end >= 0) {
                line++;
            }
            if (lineText.equals(".")) {
                return new Token(Token.Kind.STRING, text.toString(), 0, startLine);
            }
            text.append(lineText.startsWith("..") ? lineText.substring(1) : lineText).append("\r\n");
        }
        throw new SieveScriptException(startLine, "a text: string is never ended by a line holding only '.'");
    }

    private void countLines(int from, int to) {
        for (int i = from; i < to; i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
    }

    private static boolean identifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean identifierPart(char c) {
        return identifierStart(c) || (c >= '0' && c <= '9');
    }

    private static String printable(char c) {
        return c < 32 || c > 126 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}

package edu.hamburger.mail.sieve;

/** One lexical token of a Sieve script (RFC 5228 §8.1) and the line it starts on. */
record Token(Kind kind, String text, long number, int line) {

    enum Kind {
        IDENTIFIER, TAG, NUMBER, STRING,
        LEFT_BRACKET, RIGHT_BRACKET, LEFT_PAREN, RIGHT_PAREN, LEFT_BRACE, RIGHT_BRACE,
        COMMA, SEMICOLON, END
    }

    boolean is(Kind other) {
        return kind == other;
    }

    String describe() {
        return switch (kind) {
            case IDENTIFIER -> "'" + text + "'";
            case TAG -> "':" + text + "'";
            case NUMBER -> "number " + number;
            case STRING -> "a string";
            case END -> "the end of the script";
            default -> "'" + text + "'";
        };
    }
}

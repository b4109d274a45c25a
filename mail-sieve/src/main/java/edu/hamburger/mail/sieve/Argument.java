package edu.hamburger.mail.sieve;

import java.util.List;

/** One argument of a command or test as written: a tag, a number or a string list (a lone string is a list of one). */
record Argument(Kind kind, String tag, long number, List<String> strings, boolean singleString, int line) {

    enum Kind { TAG, NUMBER, STRINGS }

    static Argument tag(String name, int line) {
        return new Argument(Kind.TAG, name, 0, List.of(), false, line);
    }

    static Argument number(long value, int line) {
        return new Argument(Kind.NUMBER, null, value, List.of(), false, line);
    }

    static Argument strings(List<String> values, boolean single, int line) {
        return new Argument(Kind.STRINGS, null, 0, List.copyOf(values), single, line);
    }

    String firstString() {
        return strings.get(0);
    }

    String describe() {
        return switch (kind) {
            case TAG -> "':" + tag + "'";
            case NUMBER -> "a number";
            case STRINGS -> singleString ? "a string" : "a string list";
        };
    }
}

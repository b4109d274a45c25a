package edu.hamburger.mail.sieve;

import java.math.BigInteger;
import java.util.Locale;

/**
 * The comparators of RFC 4790 a Sieve script may name: i;octet (exact), i;ascii-casemap (the
 * default: ASCII letters compare without case, other characters exactly) and i;ascii-numeric
 * (the number at the start of the string; a string without one is larger than every number).
 */
final class Comparator {

    static final String OCTET = "i;octet";
    static final String ASCII_CASEMAP = "i;ascii-casemap";
    static final String ASCII_NUMERIC = "i;ascii-numeric";

    private Comparator() {
    }

    static boolean known(String name) {
        return name.equals(OCTET) || name.equals(ASCII_CASEMAP) || name.equals(ASCII_NUMERIC);
    }

    /** Whether :contains and :matches make sense for it (RFC 4790: i;ascii-numeric offers equality and order only). */
    static boolean substrings(String name) {
        return !name.equals(ASCII_NUMERIC);
    }

    /** Negative, zero or positive like {@link java.util.Comparator#compare}. */
    static int compare(String comparator, String left, String right) {
        return switch (comparator) {
            case ASCII_NUMERIC -> compareNumbers(left, right);
            case OCTET -> left.compareTo(right);
            default -> fold(left).compareTo(fold(right));
        };
    }

    static String fold(String comparator, String value) {
        return comparator.equals(OCTET) ? value : fold(value);
    }

    /** ASCII letters only: 'İ' and 'ß' stay as written (RFC 4790 §9.2). */
    static String fold(String value) {
        StringBuilder folded = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (folded == null) {
                    folded = new StringBuilder(value);
                }
                folded.setCharAt(i, (char) (c + 32));
            }
        }
        return folded == null ? value : folded.toString();
    }

    private static int compareNumbers(String left, String right) {
        BigInteger a = leadingNumber(left), b = leadingNumber(right);
        if (a == null || b == null) {
            return a == null && b == null ? 0 : a == null ? 1 : -1;
        }
        return a.compareTo(b);
    }

    private static BigInteger leadingNumber(String value) {
        int end = 0;
        while (end < value.length() && end < 1000 && value.charAt(end) >= '0' && value.charAt(end) <= '9') {
            end++;
        }
        return end == 0 ? null : new BigInteger(value.substring(0, end));
    }

    static String lower(String value) {
        return value.toLowerCase(Locale.ROOT);
    }
}

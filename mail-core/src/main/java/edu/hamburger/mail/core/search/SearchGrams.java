package edu.hamburger.mail.core.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The index terms of IMAP's substring search: the three-character pieces of every run of letters
 * and digits and the run's last two characters, lower-cased, stored per message as a
 * {@code tsvector} under a GIN index.
 *
 * <p>Why n-grams and not PostgreSQL's text search parsers: IMAP SEARCH matches substrings
 * ("ectur" finds "lecture"), and Korean writes particles onto words without a space
 * ("강의는", "강의를"), so no word splitter finds "강의" in them; the default parsers do not
 * segment Hangul at all, and pg_trgm ignores the characters its database locale does not call
 * letters and needs three characters, while most Korean words are two syllables. Pieces of two
 * characters find those words; pieces of three keep Latin-script queries selective (every English
 * text has "th" and "he"). The pieces are made here, in Java, so indexing and querying cut text the
 * same way whatever the database's locale.
 *
 * <p>A two-character query is asked as a prefix ({@code 'ab':*}): inside a run, "ab" is followed
 * by a third character and so begins a piece of three; at the run's end it is the run's last two.
 * So a message need not store every two-character piece, only each run's last: about a third
 * fewer pieces ({@code bench/run index}'s English body 176 → 114, its Korean one 106 → 65), each a
 * key the GIN index keeps up at filing. Messages stored with every two-character piece (before
 * 2026-12-07) are found the same way, since the prefix matches those pieces too.
 *
 * <p>Sound by construction: a query's run of letters and digits that occurs in a text lies inside
 * one run of the text, so every piece of the query is a piece of the text (a two-character one
 * the start of one). The index only narrows the candidates; the store still checks the substring
 * itself. A message with more than {@link #MAX_GRAMS} distinct pieces is stored as
 * {@link #UNINDEXED} and checked by every search, as are messages stored before the index existed.
 */
public final class SearchGrams {

    /** The lexeme of a message whose pieces are not stored; every search query includes it. */
    public static final String UNINDEXED = "*";
    /** Distinct pieces per message before it is left unindexed (a tsvector holds at most 1 MiB). */
    public static final int MAX_GRAMS = 40_000;

    /**
     * The version of the stored search data this code writes ({@code message.search_version}):
     * 1 added the pieces and References; 2 stores the header and body text {@link #fold folded},
     * so a search compares bytes instead of lower-casing every candidate's text (which cost three
     * quarters of a SEARCH TEXT over 60,000 candidates); 3 adds the message's preview (its first
     * words, parsed with the rest), so messages stored before previews existed get one too.
     */
    public static final int VERSION = 3;

    private SearchGrams() {
    }

    /**
     * Text as search compares it: each code point lower-cased on its own (simple case mapping, as
     * the pieces are), one code point for one, so a run of letters stays a run. Not
     * {@code String.toLowerCase}, whose context rules (a final sigma) would fold a query
     * differently from the same letters inside a longer word.
     */
    public static String fold(String text) {
        if (text == null) {
            return null;
        }
        // most mail text is ASCII: lower-case it a char at a time, and hand back the same string when
        // nothing changes; the Unicode tables only for the other chars
        int i = 0;
        while (i < text.length() && text.charAt(i) < 0x80 && !(text.charAt(i) >= 'A' && text.charAt(i) <= 'Z')) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder folded = new StringBuilder(text.length()).append(text, 0, i);
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c < 0x80) {
                folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
                i++;
            } else {
                int point = text.codePointAt(i);
                i += Character.charCount(point);
                folded.appendCodePoint(Character.toLowerCase(point));
            }
        }
        return folded.toString();
    }

    /**
     * The distinct pieces of a message's texts, or just {@link #UNINDEXED} when there are too many.
     * The texts are walked once, a run at a time, so a 25 MB body costs the set of its pieces and
     * one run, not a list of all its runs (which took a mailbox-service under a flood of large
     * messages out of heap).
     */
    public static String[] ofMessage(String... texts) {
        GramSet grams = new GramSet();
        for (String text : texts) {
            if (text == null) {
                continue;
            }
            int second = 0; // the run's last two code points so far, 0 outside a run (0 is no letter)
            int last = 0;
            for (int i = 0; i < text.length(); ) {
                int point = text.charAt(i);
                if (point < 0x80) { // ASCII without the Unicode tables: the same answers, a fifth of the time
                    i++;
                    if (point >= 'A' && point <= 'Z') {
                        point += 'a' - 'A';
                    } else if (!(point >= 'a' && point <= 'z' || point >= '0' && point <= '9')) {
                        if (!endRun(grams, second, last)) {
                            return new String[] {UNINDEXED};
                        }
                        second = 0;
                        last = 0;
                        continue;
                    }
                } else {
                    point = text.codePointAt(i);
                    i += Character.charCount(point);
                    if (!Character.isLetterOrDigit(point)) {
                        if (!endRun(grams, second, last)) {
                            return new String[] {UNINDEXED};
                        }
                        second = 0;
                        last = 0;
                        continue;
                    }
                    point = Character.toLowerCase(point);
                }
                if (second != 0) {
                    grams.add(GramSet.key(second, last, point));
                    if (grams.size() > MAX_GRAMS) {
                        return new String[] {UNINDEXED};
                    }
                }
                second = last;
                last = point;
            }
            if (!endRun(grams, second, last)) {
                return new String[] {UNINDEXED};
            }
        }
        return grams.toStrings();
    }

    /** A run ends: its last two code points are a piece if it has two. False once there are too many pieces. */
    private static boolean endRun(GramSet grams, int second, int last) {
        if (second != 0) {
            grams.add(GramSet.key(second, last));
        }
        return grams.size() <= MAX_GRAMS;
    }

    /**
     * The pieces every message containing {@code value} has: the three-character pieces of each
     * run of three or more, a run of two itself (which a message holds as the start of one of its
     * pieces, see {@link #tsquery}); runs of one add nothing. Empty when the value has nothing to
     * narrow by (then every message is a candidate).
     */
    public static List<String> ofQuery(String value) {
        Set<String> grams = new LinkedHashSet<>();
        for (String run : runs(value)) {
            int[] points = run.codePoints().toArray();
            if (points.length == 2) {
                grams.add(run);
            }
            for (int i = 0; i + 3 <= points.length; i++) {
                grams.add(new String(points, i, 3));
            }
        }
        return new ArrayList<>(grams);
    }

    /**
     * A tsquery text: all the pieces, or the unindexed marker. Pieces are letters and digits only.
     * A piece of two characters is asked as a prefix: messages hold it as the start of a piece of
     * three, or as a run's last two.
     */
    public static String tsquery(List<String> grams) {
        StringBuilder query = new StringBuilder("(");
        for (int i = 0; i < grams.size(); i++) {
            String gram = grams.get(i);
            query.append(i == 0 ? "" : " & ").append(quoted(gram)).append(gram.codePointCount(0, gram.length()) == 2 ? ":*" : "");
        }
        return query.append(") | ").append(quoted(UNINDEXED)).toString();
    }

    private static String quoted(String lexeme) {
        return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** Maximal runs of letters and digits, each code point lower-cased on its own. */
    static List<String> runs(String text) {
        List<String> runs = new ArrayList<>();
        if (text == null) {
            return runs;
        }
        StringBuilder run = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int point = text.codePointAt(i);
            i += Character.charCount(point);
            if (Character.isLetterOrDigit(point)) {
                run.appendCodePoint(Character.toLowerCase(point));
            } else if (run.length() > 0) {
                runs.add(run.toString());
                run.setLength(0);
            }
        }
        if (run.length() > 0) {
            runs.add(run.toString());
        }
        return runs;
    }
}

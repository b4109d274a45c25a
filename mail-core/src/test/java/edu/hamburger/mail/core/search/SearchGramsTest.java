package edu.hamburger.mail.core.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The n-gram pieces of the search index: what a message stores and what a query asks for. */
class SearchGramsTest {

    @Test
    void aKoreanWordOfTwoSyllablesIsFoundWithTheParticleWrittenOntoIt() {
        Set<String> message = Set.of(SearchGrams.ofMessage("Subject: 수업 안내", "이번 강의는 월요일입니다."));
        assertEquals(List.of("강의"), SearchGrams.ofQuery("강의"));
        assertTrue(holds(message, SearchGrams.ofQuery("강의")));
        assertTrue(holds(message, SearchGrams.ofQuery("강의는")));
        assertTrue(holds(message, SearchGrams.ofQuery("월요일")));
        assertFalse(holds(message, SearchGrams.ofQuery("시험")));
    }

    @Test
    void foldingLowerCasesEachLetterAloneSoAQueryFoldsAsTheSameLettersInsideAWord() {
        assertEquals("lecture 강의 öl", SearchGrams.fold("LeCTURE 강의 ÖL"));
        // String.toLowerCase writes a final sigma at the end of "ΟΔΟΣ" and a plain one inside
        // "ΟΔΟΣΤ", so the folded query would not be found in the folded text
        assertTrue(SearchGrams.fold("ΟΔΟΣΤΡΩΜΑ").contains(SearchGrams.fold("ΟΔΟΣ")));
        assertEquals(null, SearchGrams.fold(null));
    }

    @Property(tries = 200)
    void aSubstringStaysASubstringOnceBothAreFolded(@ForAll("mixedText") String text, @ForAll @IntRange(min = 0, max = 30) int from,
            @ForAll @IntRange(min = 0, max = 30) int length) {
        int[] points = text.codePoints().toArray();
        int start = Math.min(from, points.length);
        int end = Math.min(points.length, start + length);
        String part = new String(points, start, end - start);
        assertTrue(SearchGrams.fold(text).contains(SearchGrams.fold(part)));
        assertEquals(text.codePointCount(0, text.length()), SearchGrams.fold(text).codePoints().count());
    }

    @Test
    void latinQueriesUseThreeCharacterPiecesCaseFolded() {
        Set<String> message = Set.of(SearchGrams.ofMessage("From: Alice <alice@Hamburger.EDU>", "The LECTURE starts"));
        assertEquals(List.of("ect", "ctu", "tur"), SearchGrams.ofQuery("ECTUR"));
        assertTrue(holds(message, SearchGrams.ofQuery("ectur")));
        assertTrue(holds(message, SearchGrams.ofQuery("alice@hamburger.edu")));
        assertFalse(holds(message, SearchGrams.ofQuery("lectern")));
    }

    @Test
    void runsOfOneAndPunctuationNarrowNothing() {
        assertEquals(List.of(), SearchGrams.ofQuery("a"));
        assertEquals(List.of(), SearchGrams.ofQuery("%"));
        assertEquals(List.of(), SearchGrams.ofQuery(" - . "));
        assertEquals(List.of("ab"), SearchGrams.ofQuery("a ab"));
    }

    @Test
    void aMessageWithTooManyPiecesIsLeftUnindexed() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 30_000; i++) {
            text.append(Integer.toString(i * 7919, 36)).append("q ");
        }
        assertArrayEquals(new String[] {SearchGrams.UNINDEXED}, SearchGrams.ofMessage(text.toString()));
    }

    @Test
    void theQueryTextQuotesEveryPieceAndAlwaysTakesUnindexedMessages() {
        assertEquals("('강의':* & 'ect') | '*'", SearchGrams.tsquery(List.of("강의", "ect")));
    }

    @Test
    void aMessageKeepsEachRunsLastTwoCharactersButNoOtherPieceOfTwo() {
        Set<String> message = Set.of(SearchGrams.ofMessage("Lecture ab"));
        assertEquals(Set.of("lec", "ect", "ctu", "tur", "ure", "re", "ab"), message);
        // "ec" is inside "lecture": found as the start of "ect", not stored on its own
        assertTrue(holds(message, SearchGrams.ofQuery("ec")));
        assertTrue(holds(message, SearchGrams.ofQuery("re")));
        assertFalse(holds(message, SearchGrams.ofQuery("ba")));
    }

    /**
     * What PostgreSQL answers for {@link SearchGrams#tsquery} over a message's pieces, without the
     * unindexed marker: every piece of three stored, every piece of two the start of a stored one.
     */
    private static boolean holds(Set<String> message, List<String> query) {
        return query.stream().allMatch(piece -> piece.codePointCount(0, piece.length()) == 2
                ? message.stream().anyMatch(stored -> stored.startsWith(piece))
                : message.contains(piece));
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("abcAB Z9-.@강의는학생\u00e9\u0301'\\\uD83D\uDE00").ofMaxLength(60);
    }

    @Provide
    Arbitrary<String> mixedText() { // with the letters whose lower case depends on context or grows (final sigma, dotted I)
        return Arbitraries.strings().withChars("aZ ΣΟΔσς\u0130İK\u212A강의\uD801\uDC00").ofMaxLength(40);
    }

    /** Soundness: whatever part of a text is searched for, the text's stored pieces answer the query's. */
    @Property(tries = 2000)
    void everySubstringsPiecesAreAmongTheTextsPieces(@ForAll("texts") String text, @ForAll @IntRange(max = 60) int from,
            @ForAll @IntRange(max = 60) int length) {
        int start = Math.min(from, text.length());
        int end = Math.min(text.length(), start + length);
        if (start > 0 && start < text.length() && Character.isLowSurrogate(text.charAt(start))) {
            start--;
        }
        if (end < text.length() && end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end++;
        }
        String query = text.substring(start, end);
        assertTrue(holds(Set.of(SearchGrams.ofMessage(text)), SearchGrams.ofQuery(query)), () -> text + " / " + query);
    }

    /**
     * The rule written the plain way (every run as a string, each piece a new string in a linked
     * set: its pieces of three, then its last two), which the packed-key collection must equal,
     * order and all.
     */
    private static String[] referencePieces(String... texts) {
        java.util.LinkedHashSet<String> grams = new java.util.LinkedHashSet<>();
        for (String text : texts) {
            for (String run : SearchGrams.runs(text)) {
                int[] points = run.codePoints().toArray();
                for (int i = 0; i + 3 <= points.length; i++) {
                    grams.add(new String(points, i, 3));
                }
                if (points.length >= 2) {
                    grams.add(new String(points, points.length - 2, 2));
                }
            }
        }
        return grams.size() > SearchGrams.MAX_GRAMS ? new String[] {SearchGrams.UNINDEXED} : grams.toArray(String[]::new);
    }

    @Property(tries = 2000)
    void theCollectedPiecesAreThoseOfThePlainRuleInTheSameOrder(@ForAll("texts") String header, @ForAll("mixedText") String body) {
        assertArrayEquals(referencePieces(header, body), SearchGrams.ofMessage(header, body), () -> header + " / " + body);
    }

    @Property(tries = 2000)
    void foldingEqualsLowerCasingEachCodePoint(@ForAll("mixedText") String prefix, @ForAll("texts") String text) {
        String value = text + prefix; // ASCII first, then the letters that need the slow path
        assertEquals(value.codePoints().map(Character::toLowerCase)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString(), SearchGrams.fold(value));
    }

    @Test
    void aMessageOfManyDistinctPiecesIsCollectedWhole() {
        StringBuilder text = new StringBuilder();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 12_000; i++) { // about 30,000 distinct pieces: the table grows several times
            text.appendCodePoint(0xAC00 + random.nextInt(11_172)).append(i % 5 == 4 ? " " : "");
        }
        assertArrayEquals(referencePieces(text.toString()), SearchGrams.ofMessage(text.toString()));
    }
}

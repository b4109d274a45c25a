package edu.hamburger.mail.core.api;

import java.util.List;

/**
 * One IMAP SEARCH key (RFC 3501 §6.4.4, RFC 7162 MODSEQ) as JSON, nested with AND / OR / NOT.
 *
 * <ul>
 *   <li>no value: ALL, ANSWERED, DELETED, DRAFT, FLAGGED, SEEN, UNANSWERED, UNDELETED, UNDRAFT,
 *       UNFLAGGED, UNSEEN, NEW, OLD, RECENT</li>
 *   <li>{@code value}: KEYWORD, UNKEYWORD (a keyword); BEFORE, ON, SINCE, SENTBEFORE, SENTON,
 *       SENTSINCE (an ISO date, 2026-11-26); LARGER, SMALLER, MODSEQ, EMAILID (a number; EMAILID is
 *       {@link MessageSummary#emailId()}); FROM, TO, CC,
 *       BCC, SUBJECT, BODY, TEXT (a substring, any script, case-insensitive); UID (a UID set)</li>
 *   <li>{@code field} and {@code value}: HEADER</li>
 *   <li>{@code operands}: AND (all), OR (two), NOT (one)</li>
 * </ul>
 */
public record SearchKey(String key, String value, String field, List<SearchKey> operands) {

    public static SearchKey of(String key) {
        return new SearchKey(key, null, null, List.of());
    }

    public static SearchKey of(String key, String value) {
        return new SearchKey(key, value, null, List.of());
    }

    public static SearchKey and(SearchKey... operands) {
        return new SearchKey("AND", null, null, List.of(operands));
    }

    public static SearchKey or(SearchKey a, SearchKey b) {
        return new SearchKey("OR", null, null, List.of(a, b));
    }

    public static SearchKey not(SearchKey operand) {
        return new SearchKey("NOT", null, null, List.of(operand));
    }
}

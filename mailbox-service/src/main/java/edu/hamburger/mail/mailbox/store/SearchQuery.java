package edu.hamburger.mail.mailbox.store;

import edu.hamburger.mail.core.search.SearchGrams;
import edu.hamburger.mail.core.api.SearchKey;
import edu.hamburger.mail.core.message.UidSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * Compiles a {@link SearchKey} tree into a SQL condition over {@code mailbox_entry e} joined with
 * {@code message m}, with every user value a bind parameter. Substring keys match the decoded
 * header and body text case-insensitively, Korean and all: a folded value ({@link SearchGrams#fold})
 * against the folded text the store keeps. BEFORE/ON/SINCE compare the internal
 * date's day in UTC (RFC 3501 leaves that zone to the server); SENTBEFORE/SENTON/SENTSINCE the
 * Date: header's day in its own zone ("disregarding time and timezone"), or the internal date's
 * day without one. Bounded: at most {@link #MAX_KEYS} keys per search.
 */
final class SearchQuery {

    static final int MAX_KEYS = 100;
    private static final String SENT_DAY = "coalesce(m.sent_day, (e.internal_date at time zone 'UTC')::date)";
    private static final int MAX_DEPTH = 20;
    /**
     * The decoded texts as search compares them: stored folded since search data version 2
     * ({@link SearchGrams#VERSION}); rows not yet brought up to date by SearchReindexer are
     * lower-cased here, as every row was before.
     */
    private static final String FOLDED_BODY = folded("m.body_text");
    private static final String FOLDED_HEADER = folded("m.header_text");

    private final Tuple params;
    private int keys;

    private SearchQuery(Tuple params) {
        this.params = params;
    }

    /** The condition; {@code params} already holds $1.. of the caller and receives the rest. */
    static String compile(SearchKey key, Tuple params) {
        return new SearchQuery(params).condition(key, 0);
    }

    private String condition(SearchKey key, int depth) {
        if (key == null || key.key() == null) {
            throw MailboxException.badRequest("a search key is required");
        }
        if (++keys > MAX_KEYS || depth > MAX_DEPTH) {
            throw MailboxException.badRequest("search too complex (at most " + MAX_KEYS + " keys)");
        }
        String name = key.key().toUpperCase(Locale.ROOT);
        List<SearchKey> operands = key.operands() == null ? List.of() : key.operands();
        return switch (name) {
            case "ALL" -> "true";
            case "AND" -> {
                if (operands.isEmpty()) {
                    yield "true";
                }
                StringBuilder and = new StringBuilder("(");
                for (int i = 0; i < operands.size(); i++) {
                    and.append(i == 0 ? "" : " and ").append(condition(operands.get(i), depth + 1));
                }
                yield and.append(')').toString();
            }
            case "OR" -> {
                if (operands.size() != 2) {
                    throw MailboxException.badRequest("OR takes two keys");
                }
                yield "(" + condition(operands.get(0), depth + 1) + " or " + condition(operands.get(1), depth + 1) + ")";
            }
            case "NOT" -> {
                if (operands.size() != 1) {
                    throw MailboxException.badRequest("NOT takes one key");
                }
                yield "not " + condition(operands.get(0), depth + 1);
            }
            case "ANSWERED" -> flag(MessageFlags.ANSWERED, true);
            case "DELETED" -> flag(MessageFlags.DELETED, true);
            case "DRAFT" -> flag(MessageFlags.DRAFT, true);
            case "FLAGGED" -> flag(MessageFlags.FLAGGED, true);
            case "SEEN", "OLD" -> name.equals("OLD") ? "true" : flag(MessageFlags.SEEN, true);
            case "UNANSWERED" -> flag(MessageFlags.ANSWERED, false);
            case "UNDELETED" -> flag(MessageFlags.DELETED, false);
            case "UNDRAFT" -> flag(MessageFlags.DRAFT, false);
            case "UNFLAGGED" -> flag(MessageFlags.FLAGGED, false);
            case "UNSEEN" -> flag(MessageFlags.SEEN, false);
            case "NEW", "RECENT" -> "false"; // \Recent belongs to an IMAP session: the gateway sends its recent UIDs as a UID set; without a session none is recent
            case "KEYWORD" -> "exists (select 1 from unnest(e.keywords) k where lower(k) = lower(" + param(value(key)) + "))";
            case "UNKEYWORD" -> "not exists (select 1 from unnest(e.keywords) k where lower(k) = lower(" + param(value(key)) + "))";
            case "BEFORE" -> "e.internal_date < " + param(dayStart(key, 0));
            case "ON" -> "(e.internal_date >= " + param(dayStart(key, 0)) + " and e.internal_date < " + param(dayStart(key, 1)) + ")";
            case "SINCE" -> "e.internal_date >= " + param(dayStart(key, 0));
            case "SENTBEFORE" -> SENT_DAY + " < " + param(day(key, 0));
            case "SENTON" -> SENT_DAY + " = " + param(day(key, 0));
            case "SENTSINCE" -> SENT_DAY + " >= " + param(day(key, 0));
            case "LARGER" -> "e.size > " + param(number(key));
            case "SMALLER" -> "e.size < " + param(number(key));
            case "MODSEQ" -> "e.modseq >= " + param(number(key));
            case "EMAILID" -> "e.message_id = " + param(number(key)); // MessageSummary.emailId
            case "FROM", "TO", "CC", "BCC", "SUBJECT" -> headerContains(name, value(key));
            case "HEADER" -> {
                if (key.field() == null || !key.field().matches("[!-9;-~]{1,100}")) {
                    throw MailboxException.badRequest("HEADER needs a field name");
                }
                yield headerContains(key.field(), key.value() == null ? "" : key.value());
            }
            case "BODY" -> indexed(value(key), "strpos(" + FOLDED_BODY + ", " + param(SearchGrams.fold(value(key))) + ") > 0");
            case "TEXT" -> {
                String folded = param(SearchGrams.fold(value(key)));
                yield indexed(value(key), "(strpos(" + FOLDED_BODY + ", " + folded + ") > 0 or strpos(" + FOLDED_HEADER + ", "
                        + folded + ") > 0)");
            }
            case "UID" -> uid(key);
            default -> throw MailboxException.badRequest("unknown search key " + key.key());
        };
    }

    /**
     * A line "Field: ... value ..." of the decoded header text, without case: folded text is
     * matched by the folded pattern, older text by the pattern without case.
     */
    private String headerContains(String field, String value) {
        String pattern = param("(^|\n)" + regexQuote(SearchGrams.fold(field)) + ":[^\n]*" + regexQuote(SearchGrams.fold(value)));
        return indexed(value, "(case when m.search_version >= " + SearchGrams.VERSION + " then m.header_text ~ " + pattern
                + " else m.header_text ~* " + pattern + " end)");
    }

    /**
     * A substring condition narrowed first by the message's n-gram index ({@link SearchGrams}):
     * only messages holding every piece of the value (or not indexed) have their text checked.
     */
    private String indexed(String value, String check) {
        List<String> grams = SearchGrams.ofQuery(value);
        if (grams.isEmpty()) {
            return check;
        }
        return "(m.search_grams @@ " + param(SearchGrams.tsquery(grams)) + "::tsquery and " + check + ")";
    }

    private String uid(SearchKey key) {
        List<long[]> ranges;
        try {
            ranges = UidSet.parse(value(key)).resolve(UidSet.MAX_UID);
        } catch (IllegalArgumentException e) {
            throw MailboxException.badRequest(e.getMessage());
        }
        StringBuilder condition = new StringBuilder("(");
        for (int i = 0; i < ranges.size(); i++) {
            condition.append(i == 0 ? "" : " or ").append("e.uid between ").append(param(ranges.get(i)[0]))
                    .append(" and ").append(param(ranges.get(i)[1]));
        }
        return condition.append(')').toString();
    }

    private static String flag(int bit, boolean set) {
        return "(e.system_flags & " + bit + ") " + (set ? "<> 0" : "= 0");
    }

    private String param(Object value) {
        params.addValue(value);
        return "$" + params.size();
    }

    private static String value(SearchKey key) {
        if (key.value() == null) {
            throw MailboxException.badRequest(key.key() + " needs a value");
        }
        if (key.value().length() > 1000) {
            throw MailboxException.badRequest("search value too long");
        }
        return key.value();
    }

    private static long number(SearchKey key) {
        try {
            return Long.parseLong(value(key));
        } catch (NumberFormatException e) {
            throw MailboxException.badRequest(key.key() + " needs a number");
        }
    }

    private static java.time.OffsetDateTime dayStart(SearchKey key, int plusDays) {
        return day(key, plusDays).atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    private static LocalDate day(SearchKey key, int plusDays) {
        try {
            return LocalDate.parse(value(key)).plusDays(plusDays);
        } catch (DateTimeParseException e) {
            throw MailboxException.badRequest(key.key() + " needs a date like 2026-11-26");
        }
    }

    private static String folded(String column) {
        return "(case when m.search_version >= " + SearchGrams.VERSION + " then " + column + " else lower(" + column + ") end)";
    }

    private static String regexQuote(String text) {
        StringBuilder quoted = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 128 && !Character.isLetterOrDigit(c) && c != ' ') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.toString();
    }
}

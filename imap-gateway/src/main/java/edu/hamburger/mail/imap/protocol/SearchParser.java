package edu.hamburger.mail.imap.protocol;

import edu.hamburger.mail.core.api.SearchKey;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SEARCH criteria (RFC 3501 §6.4.4, RFC 7162 MODSEQ) into the store's {@link SearchKey} tree.
 * Sequence sets are turned into UID sets here, against the session's numbering, because the
 * store only knows UIDs.
 */
final class SearchParser {

    /** RFC 3501 date: month names in any case ("24-mar-2007"), and no 31 February. */
    private static final DateTimeFormatter IMAP_DATE = new java.time.format.DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d-MMM-uuuu").toFormatter(Locale.ENGLISH).withResolverStyle(java.time.format.ResolverStyle.STRICT);
    private static final int MAX_DEPTH = 50;

    /** The charsets SEARCH, SORT and THREAD read criteria in (the BADCHARSET answer lists them). */
    static boolean readableCharset(String upperCased) {
        return upperCased.equals("UTF-8") || upperCased.equals("US-ASCII");
    }

    private final ImapArguments args;
    private final SelectedMailbox box;
    private boolean usesModseq;

    SearchParser(ImapArguments args, SelectedMailbox box) {
        this.args = args;
        this.box = box;
    }

    boolean usesModseq() {
        return usesModseq;
    }

    /** All criteria up to the end of the command, ANDed. */
    SearchKey parseAll() {
        List<SearchKey> keys = new ArrayList<>();
        keys.add(key(0));
        while (args.optionalSpace()) {
            keys.add(key(0));
        }
        args.end();
        return keys.size() == 1 ? keys.get(0) : new SearchKey("AND", null, null, keys);
    }

    private SearchKey key(int depth) {
        if (depth > MAX_DEPTH) {
            throw new ImapSyntaxException("search criteria nested too deeply");
        }
        if (args.consume('(')) {
            List<SearchKey> keys = new ArrayList<>();
            keys.add(key(depth + 1));
            while (args.optionalSpace()) {
                keys.add(key(depth + 1));
            }
            args.expect(')');
            return keys.size() == 1 ? keys.get(0) : new SearchKey("AND", null, null, keys);
        }
        int first = args.peek();
        if ((first >= '0' && first <= '9') || first == '*' || first == '$') {
            return uids(box.resolve(args.sequenceSet(), false, true));
        }
        String name = args.atom().toUpperCase(Locale.ROOT);
        return switch (name) {
            case "ALL", "ANSWERED", "DELETED", "DRAFT", "FLAGGED", "SEEN", "UNANSWERED",
                    "UNDELETED", "UNDRAFT", "UNFLAGGED", "UNSEEN" -> SearchKey.of(name);
            // \Recent lives in the session, not the store: the session's recent UIDs go as a UID set
            case "RECENT" -> uids(box.recentUids());
            case "NEW" -> SearchKey.and(uids(box.recentUids()), SearchKey.of("UNSEEN"));
            case "OLD" -> SearchKey.not(uids(box.recentUids()));
            case "BCC", "BODY", "CC", "FROM", "SUBJECT", "TEXT", "TO" -> {
                args.space();
                yield SearchKey.of(name, args.astring());
            }
            case "KEYWORD", "UNKEYWORD" -> {
                args.space();
                yield SearchKey.of(name, args.atom());
            }
            case "BEFORE", "ON", "SINCE", "SENTBEFORE", "SENTON", "SENTSINCE" -> {
                args.space();
                yield SearchKey.of(name, date(args.astring()));
            }
            case "LARGER", "SMALLER" -> {
                args.space();
                yield SearchKey.of(name, Long.toString(args.number()));
            }
            case "HEADER" -> {
                args.space();
                String field = args.astring();
                args.space();
                yield new SearchKey("HEADER", args.astring(), field, List.of());
            }
            case "UID" -> {
                args.space();
                yield uids(box.resolve(args.sequenceSet(), true));
            }
            case "NOT" -> {
                args.space();
                yield SearchKey.not(key(depth + 1));
            }
            case "OR" -> {
                args.space();
                SearchKey a = key(depth + 1);
                args.space();
                yield SearchKey.or(a, key(depth + 1));
            }
            case "EMAILID" -> { // RFC 8474; an id this server never gave finds nothing
                args.space();
                long emailId = ObjectIds.emailId(args.atom());
                yield emailId > 0 ? SearchKey.of("EMAILID", Long.toString(emailId)) : SearchKey.not(SearchKey.of("ALL"));
            }
            case "THREADID" -> { // no message has a THREADID here (FETCH answers NIL)
                args.space();
                ObjectIds.checked(args.atom());
                yield SearchKey.not(SearchKey.of("ALL"));
            }
            case "MODSEQ" -> {
                args.space();
                if (args.peek() == '"') { // entry-name entry-type-req: per-flag modseqs are not kept; the message's is used
                    args.string();
                    args.space();
                    args.atom();
                    args.space();
                }
                usesModseq = true;
                yield SearchKey.of("MODSEQ", Long.toString(args.number()));
            }
            default -> throw new ImapSyntaxException("unknown search key " + name);
        };
    }

    private static SearchKey uids(long[] uids) {
        if (uids.length == 0) {
            return SearchKey.not(SearchKey.of("ALL"));
        }
        return SearchKey.of("UID", UidRanges.format(uids, false));
    }

    private static String date(String text) {
        try {
            return LocalDate.parse(text.trim(), IMAP_DATE).toString();
        } catch (DateTimeParseException e) {
            throw new ImapSyntaxException("bad date " + text + " (expected like 26-Nov-2026)");
        }
    }
}

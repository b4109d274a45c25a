package edu.hamburger.mail.imap.protocol;

import edu.hamburger.mail.core.api.SearchKey;
import java.util.Locale;

/**
 * SEARCH [CHARSET name] criteria (RFC 3501 §6.4.4). {@code charset} is the one named when it is
 * not one this server reads (answered NO [BADCHARSET]); sequence sets in the criteria are read
 * against what the session has selected, because the store only knows UIDs.
 */
record SearchRequest(String unsupportedCharset, SearchKey key, boolean usesModseq, java.util.Set<String> returnOptions)
        implements ImapRequest {

    /** RFC 4731's result options and RFC 5182's SAVE; SEARCH RETURN () means ALL. */
    static final java.util.List<String> RETURN_OPTIONS = java.util.List.of("MIN", "MAX", "ALL", "COUNT", "SAVE");

    /**
     * The ESEARCH form was asked for (RETURN given): the answer is "* ESEARCH", not "* SEARCH".
     * RETURN (SAVE) alone answers nothing but the tagged OK (RFC 5182 §2.1).
     */
    boolean extended() {
        return returnOptions != null && !returnOptions.equals(java.util.Set.of("SAVE"));
    }

    /** RETURN (SAVE ...): the result is kept for "$" (RFC 5182). */
    boolean saves() {
        return returnOptions != null && returnOptions.contains("SAVE");
    }

    /**
     * What SAVE keeps (RFC 5182 §2.1): with MIN or MAX and neither ALL nor COUNT, only those
     * messages; else every message found.
     */
    java.util.List<Long> saved(java.util.List<Long> found) {
        boolean onlyEnds = (returnOptions.contains("MIN") || returnOptions.contains("MAX"))
                && !returnOptions.contains("ALL") && !returnOptions.contains("COUNT");
        if (!onlyEnds || found.isEmpty()) {
            return found;
        }
        java.util.TreeSet<Long> ends = new java.util.TreeSet<>();
        if (returnOptions.contains("MIN")) {
            ends.add(java.util.Collections.min(found));
        }
        if (returnOptions.contains("MAX")) {
            ends.add(java.util.Collections.max(found));
        }
        return java.util.List.copyOf(ends);
    }

    static SearchRequest parse(ImapArguments args, Context context) {
        args.space();
        java.util.Set<String> returnOptions = null;
        if (args.word("RETURN")) {
            args.space();
            args.expect('(');
            returnOptions = new java.util.LinkedHashSet<>();
            if (!args.consume(')')) {
                do {
                    String option = args.atom().toUpperCase(Locale.ROOT);
                    if (!RETURN_OPTIONS.contains(option)) {
                        throw new ImapSyntaxException("unknown search return option " + option);
                    }
                    returnOptions.add(option);
                } while (args.optionalSpace());
                args.expect(')');
            }
            if (returnOptions.isEmpty()) {
                returnOptions.add("ALL");
            }
            args.space();
        }
        if (args.word("CHARSET")) {
            args.space();
            String charset = args.astring().toUpperCase(Locale.ROOT);
            if (!SearchParser.readableCharset(charset)) {
                return new SearchRequest(charset, null, false, returnOptions);
            }
            args.space();
        }
        SearchParser parser = new SearchParser(args, context.selected());
        SearchKey key = parser.parseAll();
        return new SearchRequest(null, key, parser.usesModseq(), returnOptions);
    }
}

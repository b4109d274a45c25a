package edu.hamburger.mail.imap.protocol;

import edu.hamburger.mail.core.api.SearchKey;
import edu.hamburger.mail.core.api.SortRequest;
import edu.hamburger.mail.core.api.ThreadRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SORT (sort-criteria) charset search-criteria, and THREAD algorithm charset search-criteria
 * (RFC 5256 §3, RFC 5957's DISPLAYFROM and DISPLAYTO). Exactly one of {@code criteria} and
 * {@code algorithm} is set; {@code unsupportedCharset} is the charset named when this server does
 * not read it (answered NO [BADCHARSET], as for SEARCH).
 */
record OrderingRequest(List<String> criteria, String algorithm, String unsupportedCharset, SearchKey key, boolean usesModseq)
        implements ImapRequest {

    static OrderingRequest parseSort(ImapArguments args, Context context) {
        args.space();
        args.expect('(');
        List<String> criteria = new ArrayList<>();
        boolean reversed = false;
        do {
            String criterion = args.atom().toUpperCase(Locale.ROOT);
            if (criterion.equals(SortRequest.REVERSE)) {
                if (reversed) {
                    throw new ImapSyntaxException("REVERSE twice");
                }
                reversed = true;
            } else if (SortRequest.KEYS.contains(criterion)) {
                reversed = false;
            } else {
                throw new ImapSyntaxException("unknown sort criterion " + criterion);
            }
            criteria.add(criterion);
        } while (args.optionalSpace() && criteria.size() < 20);
        if (reversed) {
            throw new ImapSyntaxException("REVERSE must precede a sort criterion");
        }
        args.expect(')');
        return rest(args, context, criteria, null);
    }

    static OrderingRequest parseThread(ImapArguments args, Context context) {
        args.space();
        String algorithm = args.atom().toUpperCase(Locale.ROOT);
        if (!ThreadRequest.ALGORITHMS.contains(algorithm)) {
            throw new ImapSyntaxException("unknown threading algorithm " + algorithm);
        }
        return rest(args, context, null, algorithm);
    }

    private static OrderingRequest rest(ImapArguments args, Context context, List<String> criteria, String algorithm) {
        args.space();
        String charset = args.astring().toUpperCase(Locale.ROOT);
        if (!SearchParser.readableCharset(charset)) {
            return new OrderingRequest(criteria, algorithm, charset, null, false);
        }
        args.space();
        SearchParser parser = new SearchParser(args, context.selected());
        SearchKey key = parser.parseAll();
        return new OrderingRequest(criteria, algorithm, null, key, parser.usesModseq());
    }
}

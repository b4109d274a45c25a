package edu.hamburger.mail.imap.protocol;

import edu.hamburger.mail.core.api.SearchKey;
import java.util.Locale;

/**
 * SEARCH [CHARSET name] criteria (RFC 3501 §6.4.4). {@code charset} is the one named when it is
 * not one this server reads (answered NO [BADCHARSET]); sequence sets in the criteria are read
 * against what the session has selected, because the store only knows UIDs.
 */
record SearchRequest(String unsupportedCharset, SearchKey key, boolean usesModseq) implements ImapRequest {

    static SearchRequest parse(ImapArguments args, Context context) {
        args.space();
        if (args.word("CHARSET")) {
            args.space();
            String charset = args.astring().toUpperCase(Locale.ROOT);
            if (!charset.equals("UTF-8") && !charset.equals("US-ASCII")) {
                return new SearchRequest(charset, null, false);
            }
            args.space();
        }
        SearchParser parser = new SearchParser(args, context.selected());
        SearchKey key = parser.parseAll();
        return new SearchRequest(null, key, parser.usesModseq());
    }
}

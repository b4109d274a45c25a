package edu.hamburger.mail.imap.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** ID (RFC 2971): NIL or field-value pairs the client tells about itself (at most 60 taken; the RFC asks clients for 30). */
record IdRequest(Map<String, String> fields) implements ImapRequest {

    static final int MAX_FIELDS = 60;

    static IdRequest parse(ImapArguments args, Context context) {
        args.space();
        Map<String, String> fields = new LinkedHashMap<>();
        if (!args.word("NIL")) {
            args.expect('(');
            while (!args.consume(')')) {
                if (fields.size() >= MAX_FIELDS) {
                    throw new ImapSyntaxException("too many ID fields");
                }
                args.optionalSpace();
                String field = args.string();
                args.space();
                fields.put(field, args.nstring());
            }
        }
        args.end();
        return new IdRequest(Collections.unmodifiableMap(fields)); // a value may be NIL (null)
    }
}

package edu.hamburger.mail.imap.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** STATUS mailbox (items) (RFC 3501 §6.3.10, RFC 7162 HIGHESTMODSEQ, RFC 8438 SIZE, RFC 8474 MAILBOXID, RFC 9051 DELETED). */
record StatusRequest(String mailbox, List<String> items) implements ImapRequest {

    static final Set<String> ITEMS = Set.of("MESSAGES", "RECENT", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "HIGHESTMODSEQ", "SIZE", "MAILBOXID", "DELETED");

    static StatusRequest parse(ImapArguments args, Context context) {
        args.space();
        String mailbox = MailboxNames.read(args, context);
        args.space();
        List<String> items = items(args);
        args.end();
        return new StatusRequest(mailbox, items);
    }

    /** A parenthesised list of STATUS items (also LIST's RETURN (STATUS (...))). */
    static List<String> items(ImapArguments args) {
        List<String> items = new ArrayList<>();
        args.expect('(');
        while (!args.consume(')')) {
            args.optionalSpace();
            String item = args.atom().toUpperCase(Locale.ROOT);
            if (!ITEMS.contains(item)) {
                throw new ImapSyntaxException("unknown STATUS item " + item);
            }
            items.add(item);
        }
        return List.copyOf(items);
    }
}

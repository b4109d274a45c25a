package edu.hamburger.mail.imap.protocol;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * LIST and LSUB (RFC 3501 §6.3.8-9) with RFC 5258's selection options, several patterns and
 * return options (SUBSCRIBED, CHILDREN, SPECIAL-USE, STATUS of RFC 5819).
 */
record ListRequest(boolean lsub, Set<String> selection, String reference, List<String> patterns, Set<String> returns,
        List<String> statusItems) implements ImapRequest {

    static final Set<String> SELECTION_OPTIONS = Set.of("SUBSCRIBED", "REMOTE", "RECURSIVEMATCH", "SPECIAL-USE");
    static final Set<String> RETURN_OPTIONS = Set.of("SUBSCRIBED", "CHILDREN", "SPECIAL-USE", "STATUS");

    /** RFC 5258 §3: an unknown option, or RECURSIVEMATCH with nothing (but REMOTE) to recurse for, is a syntax error. */
    private static void validate(Set<String> selection, Set<String> returns) {
        for (String option : selection) {
            if (!SELECTION_OPTIONS.contains(option)) {
                throw new ImapSyntaxException("unknown LIST selection option " + option);
            }
        }
        if (selection.contains("RECURSIVEMATCH") && selection.stream().allMatch(o -> o.equals("RECURSIVEMATCH") || o.equals("REMOTE"))) {
            throw new ImapSyntaxException("RECURSIVEMATCH needs another selection option");
        }
        for (String option : returns) {
            if (!RETURN_OPTIONS.contains(option)) {
                throw new ImapSyntaxException("unknown LIST return option " + option);
            }
        }
    }

    static ListRequest parse(ImapArguments args, Context context) {
        boolean lsub = context.name().equals("LSUB");
        args.space();
        Set<String> selection = new HashSet<>();
        if (!lsub && args.consume('(')) {
            while (!args.consume(')')) {
                args.optionalSpace();
                selection.add(args.atom().toUpperCase(Locale.ROOT));
            }
            args.space();
        }
        String reference = MailboxNames.pattern(args.astring(), context);
        args.space();
        List<String> patterns = new ArrayList<>();
        if (!lsub && args.consume('(')) {
            while (!args.consume(')')) {
                args.optionalSpace();
                patterns.add(MailboxNames.pattern(args.listPattern(), context));
            }
        } else {
            patterns.add(MailboxNames.pattern(args.listPattern(), context));
        }
        Set<String> returns = new HashSet<>();
        List<String> statusItems = List.of();
        if (!lsub && args.optionalSpace()) {
            if (!args.word("RETURN")) {
                throw new ImapSyntaxException("expected RETURN");
            }
            args.space();
            args.expect('(');
            while (!args.consume(')')) {
                args.optionalSpace();
                String option = args.atom().toUpperCase(Locale.ROOT);
                returns.add(option);
                if (option.equals("STATUS")) {
                    args.space();
                    statusItems = StatusRequest.items(args);
                }
            }
        }
        args.end();
        validate(selection, returns);
        // a reference or pattern that is not modified UTF-7 matches no mailbox: the answer is an empty OK
        patterns.removeIf(p -> p == null || reference == null);
        return new ListRequest(lsub, Set.copyOf(selection), reference == null ? "" : reference, List.copyOf(patterns),
                Set.copyOf(returns), statusItems);
    }
}

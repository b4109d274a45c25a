package edu.hamburger.mail.imap.protocol;

import edu.hamburger.mail.core.api.FlagChange;
import java.util.List;
import java.util.Locale;

/** STORE sequence-set [(UNCHANGEDSINCE n)] [+|-]FLAGS[.SILENT] (flags) (RFC 3501 §6.4.6, RFC 7162 §3.1.3). */
record StoreRequest(String set, Long unchangedSince, FlagChange.Mode mode, boolean silent, List<String> flags)
        implements ImapRequest {

    static StoreRequest parse(ImapArguments args, Context context) {
        args.space();
        String set = args.sequenceSet();
        args.space();
        Long unchangedSince = null;
        if (args.consume('(')) {
            if (!args.word("UNCHANGEDSINCE")) {
                throw new ImapSyntaxException("unknown STORE modifier");
            }
            args.space();
            unchangedSince = args.number();
            args.expect(')');
            args.space();
        }
        String action = args.atom().toUpperCase(Locale.ROOT);
        boolean silent = action.endsWith(".SILENT");
        String base = silent ? action.substring(0, action.length() - ".SILENT".length()) : action;
        FlagChange.Mode mode = switch (base) {
            case "FLAGS" -> FlagChange.Mode.REPLACE;
            case "+FLAGS" -> FlagChange.Mode.ADD;
            case "-FLAGS" -> FlagChange.Mode.REMOVE;
            default -> throw new ImapSyntaxException("expected FLAGS, +FLAGS or -FLAGS");
        };
        args.space();
        List<String> flags = args.flagList();
        args.end();
        for (String flag : flags) {
            if (!Flags.storable(flag)) {
                throw new ImapSyntaxException("cannot store " + flag);
            }
        }
        return new StoreRequest(set, unchangedSince, mode, silent, List.copyOf(flags));
    }
}

package edu.hamburger.mail.imap.protocol;

/** FETCH sequence-set items [(CHANGEDSINCE n [VANISHED])] (RFC 3501 §6.4.5, RFC 7162). */
record FetchRequest(String set, FetchItems items) implements ImapRequest {

    static FetchRequest parse(ImapArguments args, Context context) {
        args.space();
        String set = args.sequenceSet();
        args.space();
        FetchItems items = FetchItems.parse(args);
        return new FetchRequest(set, items);
    }

    /** RFC 7162 §3.1: a FETCH that asks for MODSEQ or uses CHANGEDSINCE turns CONDSTORE on. */
    boolean usesModseq() {
        return items.changedSince() != null || items.has("MODSEQ");
    }
}

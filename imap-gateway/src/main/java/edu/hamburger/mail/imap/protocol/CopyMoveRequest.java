package edu.hamburger.mail.imap.protocol;

/** COPY or MOVE sequence-set mailbox (RFC 3501 §6.4.7, RFC 6851). */
record CopyMoveRequest(String set, String target, boolean move) implements ImapRequest {

    static CopyMoveRequest parse(ImapArguments args, Context context) {
        args.space();
        String set = args.sequenceSet();
        args.space();
        String target = MailboxNames.read(args, context);
        args.end();
        return new CopyMoveRequest(set, target, context.name().equals("MOVE"));
    }
}

package edu.hamburger.mail.imap.protocol;

/** EXPUNGE, or UID EXPUNGE uid-set (RFC 4315 §2.1): {@code uids} is null for all \Deleted messages. */
record ExpungeRequest(String uids) implements ImapRequest {

    static ExpungeRequest parse(ImapArguments args, Context context) {
        String set = null;
        if (context.uid()) {
            args.space();
            set = args.sequenceSet();
        }
        args.end();
        return new ExpungeRequest(set);
    }
}

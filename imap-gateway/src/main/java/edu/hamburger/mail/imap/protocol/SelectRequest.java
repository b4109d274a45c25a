package edu.hamburger.mail.imap.protocol;

import java.util.Locale;

/**
 * SELECT or EXAMINE mailbox [(CONDSTORE | QRESYNC (uidvalidity modseq [known-uids] [seq-match]))]
 * (RFC 3501 §6.3.1, RFC 7162 §3.1.8 and §3.2.5). Parsed whole before anything happens: a syntax
 * error anywhere leaves the session as it was. The mailbox is null when its name is not modified
 * UTF-7: no mailbox is selected afterwards, as after any failed SELECT.
 */
record SelectRequest(String mailbox, boolean readOnly, boolean condstore, Qresync qresync) implements ImapRequest {

    /** What a QRESYNC client knew: the UIDVALIDITY and MODSEQ of its cache, and optionally which UIDs it holds. */
    record Qresync(long uidValidity, long modseq, String knownUids) {
    }

    static SelectRequest parse(ImapArguments args, Context context) {
        args.space();
        String mailbox = MailboxNames.readOrNull(args, context);
        boolean condstore = false;
        Qresync qresync = null;
        if (args.optionalSpace()) {
            args.expect('(');
            while (!args.consume(')')) {
                args.optionalSpace();
                String parameter = args.atom().toUpperCase(Locale.ROOT);
                if (parameter.equals(Capability.CONDSTORE.atom())) {
                    condstore = true;
                } else if (parameter.equals(Capability.QRESYNC.atom())) {
                    qresync = qresync(args);
                } else {
                    throw new ImapSyntaxException("unknown SELECT parameter " + parameter);
                }
            }
        }
        args.end();
        return new SelectRequest(mailbox, context.name().equals("EXAMINE"), condstore, qresync);
    }

    private static Qresync qresync(ImapArguments args) {
        args.space();
        args.expect('(');
        long uidValidity = args.number();
        args.space();
        long modseq = args.number();
        String known = null;
        if (args.optionalSpace() && args.peek() != '(') {
            known = args.sequenceSet();
        }
        if (args.optionalSpace() || args.peek() == '(') { // the sequence match data is optional and not needed here
            args.expect('(');
            args.sequenceSet();
            args.space();
            args.sequenceSet();
            args.expect(')');
        }
        args.expect(')');
        return new Qresync(uidValidity, modseq, known);
    }
}

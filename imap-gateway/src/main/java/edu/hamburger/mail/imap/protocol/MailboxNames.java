package edu.hamburger.mail.imap.protocol;

import edu.hamburger.mail.core.api.MailboxInfo;

/**
 * Mailbox name arguments: modified UTF-7 decoded (RFC 3501 §5.1.3), or taken as UTF-8 once the
 * client enabled UTF8=ACCEPT or IMAP4rev2 (RFC 6855 §3); "inbox" in any case is INBOX.
 */
final class MailboxNames {

    private MailboxNames() {
    }

    /** A LIST reference or pattern as the client wrote it, decoded the same way; null when it is not modified UTF-7. */
    static String pattern(String wire, ImapRequest.Context context) {
        return context.utf8Names() ? wire : ModifiedUtf7.decodeOrNull(wire);
    }

    /**
     * A mailbox name argument. A name that is not modified UTF-7 is well-formed IMAP (an astring)
     * naming no mailbox that can exist: refused with NO [CANNOT], as Dovecot does, not BAD.
     */
    static String read(ImapArguments args, ImapRequest.Context context) {
        String wire = args.astring();
        String name = context.utf8Names() ? wire : ModifiedUtf7.decodeOrNull(wire);
        if (name == null) {
            throw new ImapRefusal("[CANNOT] mailbox name is not modified UTF-7: " + Command.oneLine(wire));
        }
        if (name.equalsIgnoreCase(MailboxInfo.INBOX)) {
            return MailboxInfo.INBOX;
        }
        if (name.isEmpty() || name.length() > 1000) {
            throw new ImapSyntaxException("bad mailbox name");
        }
        return name;
    }

    /** A mailbox name to look up, or null when it is not modified UTF-7 (so names no mailbox). */
    static String readOrNull(ImapArguments args, ImapRequest.Context context) {
        try {
            return read(args, context);
        } catch (ImapRefusal notUtf7) {
            return null;
        }
    }
}

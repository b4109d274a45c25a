package edu.hamburger.mail.imap.protocol;

import edu.hamburger.mail.core.api.MailboxInfo;

/** Mailbox name arguments: modified UTF-7 decoded (RFC 3501 §5.1.3), "inbox" in any case is INBOX. */
final class MailboxNames {

    private MailboxNames() {
    }

    /**
     * A mailbox name argument. A name that is not modified UTF-7 is well-formed IMAP (an astring)
     * naming no mailbox that can exist: refused with NO [CANNOT], as Dovecot does, not BAD.
     */
    static String read(ImapArguments args) {
        String wire = args.astring();
        String name = ModifiedUtf7.decodeOrNull(wire);
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
    static String readOrNull(ImapArguments args) {
        try {
            return read(args);
        } catch (ImapRefusal notUtf7) {
            return null;
        }
    }
}

package edu.hamburger.mail.imap.protocol;

import edu.hamburger.mail.core.api.MailboxInfo;

/** Mailbox name arguments: modified UTF-7 decoded (RFC 3501 §5.1.3), "inbox" in any case is INBOX. */
final class MailboxNames {

    private MailboxNames() {
    }

    static String read(ImapArguments args) {
        String name = ModifiedUtf7.decode(args.astring());
        if (name.equalsIgnoreCase(MailboxInfo.INBOX)) {
            return MailboxInfo.INBOX;
        }
        if (name.isEmpty() || name.length() > 1000) {
            throw new ImapSyntaxException("bad mailbox name");
        }
        return name;
    }
}

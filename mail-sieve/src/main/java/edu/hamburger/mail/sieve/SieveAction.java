package edu.hamburger.mail.sieve;

import java.util.List;
import java.util.Set;

/** What a script decided for the message; the delivery carries these out, in order. */
public sealed interface SieveAction {

    /** Store in the recipient's INBOX (keep, explicit or implicit) with these IMAP flags. */
    record Keep(Set<String> flags) implements SieveAction {
    }

    /** Store in that mailbox; {@code create}: make it if missing (RFC 5490), else an unknown mailbox means INBOX. */
    record FileInto(String mailbox, Set<String> flags, boolean create) implements SieveAction {
    }

    /** Send the message on to another address, unchanged. */
    record Redirect(String address) implements SieveAction {
    }

    /** Refuse: {@code protocolLevel} is ereject (refuse in SMTP when still possible); else a rejection message (RFC 5429). */
    record Reject(String reason, boolean protocolLevel) implements SieveAction {
    }

    /**
     * Answer the sender once per {@code days} (RFC 5230): the delivery decides whether this sender
     * was answered within them, and sends from the recipient's address.
     */
    record Vacation(String reason, String subject, String from, List<String> addresses, int days, String handle, boolean mime)
            implements SieveAction {
    }
}

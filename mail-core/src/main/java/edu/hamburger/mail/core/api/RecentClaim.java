package edu.hamburger.mail.core.api;

/**
 * The UIDs that are \Recent to one IMAP session (RFC 3501 §2.3.2): {@code from} inclusive to
 * {@code to} exclusive. A read-write SELECT, or a selected session seeing new messages, claims
 * them so no other session sees them as recent; EXAMINE only looks.
 */
public record RecentClaim(long from, long to) {

    public static final RecentClaim NONE = new RecentClaim(0, 0);

    public boolean contains(long uid) {
        return uid >= from && uid < to;
    }
}

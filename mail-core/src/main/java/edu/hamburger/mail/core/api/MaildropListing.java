package edu.hamburger.mail.core.api;

/**
 * {@code POST .../maildrop}: a POP3 login's maildrop in one call, taken under the session's lease:
 * INBOX's id and UIDVALIDITY and every message's UID and size in two parallel arrays, UIDs
 * ascending (what STAT, LIST and UIDL answer from).
 */
public record MaildropListing(long mailboxId, long uidValidity, long[] uids, long[] sizes) {
}

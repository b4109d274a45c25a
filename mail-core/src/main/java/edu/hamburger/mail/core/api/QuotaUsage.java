package edu.hamburger.mail.core.api;

/** An account's storage quota (IMAP QUOTA, RFC 9208: the resource STORAGE): octets used and allowed. */
public record QuotaUsage(long usedBytes, long limitBytes) {
}

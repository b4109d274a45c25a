package edu.hamburger.mail.core.api;

/**
 * An account's quota (IMAP QUOTA, RFC 9208): octets used and allowed (the STORAGE resource), and
 * messages held and allowed (MESSAGE; {@code limitMessages} null when there is no such limit).
 */
public record QuotaUsage(long usedBytes, long limitBytes, long usedMessages, Long limitMessages) {
}

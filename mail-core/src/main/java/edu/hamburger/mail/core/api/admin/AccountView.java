package edu.hamburger.mail.core.api.admin;

/**
 * An account as the admin API shows it (never its password hash). {@code quotaMessages} is null
 * when the account has no limit on its number of messages.
 */
public record AccountView(long id, String address, long quotaBytes, boolean disabled, Long quotaMessages) {
}

package edu.hamburger.mail.core.api.admin;

/** An account as the admin API shows it (never its password hash). */
public record AccountView(long id, String address, long quotaBytes, boolean disabled) {
}

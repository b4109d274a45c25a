package edu.hamburger.mail.core.api.admin;

/** POST /aliases: an alias address, or {@code @domain} for the domain's catch-all, delivering to an account. */
public record AliasRequest(String address, long accountId) {
}

package edu.hamburger.mail.core.api.admin;

/** An alias and the account it delivers to. */
public record AliasView(long id, String address, long accountId, String accountAddress) {
}

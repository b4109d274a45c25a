package edu.hamburger.mail.core.api;

/** An account as the API names it: its id and its address. */
public record AccountRef(long accountId, String address) {
}

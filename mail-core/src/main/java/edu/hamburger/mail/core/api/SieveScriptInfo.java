package edu.hamburger.mail.core.api;

/** One of an account's Sieve scripts as ManageSieve's LISTSCRIPTS and the webmail see it. */
public record SieveScriptInfo(String name, boolean active, int size) {
}

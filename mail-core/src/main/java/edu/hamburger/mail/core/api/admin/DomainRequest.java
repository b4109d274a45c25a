package edu.hamburger.mail.core.api.admin;

/** POST /domains. */
public record DomainRequest(String name) {
}

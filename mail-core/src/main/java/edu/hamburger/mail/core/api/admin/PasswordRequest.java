package edu.hamburger.mail.core.api.admin;

/** PUT /accounts/{id}/password. */
public record PasswordRequest(String password) {
}

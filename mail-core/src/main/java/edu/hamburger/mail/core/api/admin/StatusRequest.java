package edu.hamburger.mail.core.api.admin;

/** PUT /accounts/{id}/status. @param disabled a disabled account keeps its mail and can log in nowhere */
public record StatusRequest(boolean disabled) {
}

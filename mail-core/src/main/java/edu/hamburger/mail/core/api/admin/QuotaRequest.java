package edu.hamburger.mail.core.api.admin;

/** PUT /accounts/{id}/quota: bytes of mail the account may hold; at least 1 (0 is refused). */
public record QuotaRequest(Long quotaBytes) {
}

package edu.hamburger.mail.core.api.admin;

/**
 * POST /accounts.
 *
 * @param quotaBytes bytes of mail the account may hold; absent: the deployment's default
 *                   (mail.default-quota-bytes, 1 GiB unless set). At least 1; 0 is refused, because an
 *                   account that can hold nothing bounces every message (to stop an account's logins,
 *                   PUT /accounts/{id}/status with disabled=true)
 */
public record AccountRequest(String address, String password, Long quotaBytes) {
}

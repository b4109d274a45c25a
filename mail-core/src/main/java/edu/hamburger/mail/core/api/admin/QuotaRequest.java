package edu.hamburger.mail.core.api.admin;

/**
 * PUT /accounts/{id}/quota: bytes of mail the account may hold, at least 1 (0 is refused), and
 * how many messages (IMAP QUOTA's MESSAGE resource), 0 for no such limit. Either may be left out
 * to keep what is set.
 */
public record QuotaRequest(Long quotaBytes, Long quotaMessages) {

    public QuotaRequest(Long quotaBytes) {
        this(quotaBytes, null);
    }
}

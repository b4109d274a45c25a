package edu.hamburger.mail.mailbox.store;

/**
 * A refusal that one account's state caused (over its quota, no INBOX, gone): a batch that held
 * copies for many accounts can be filed again without that account's.
 */
public class AccountRefusal extends MailboxException {

    private final long accountId;

    public AccountRefusal(long accountId, MailboxException reason) {
        super(reason.code(), reason.getMessage());
        this.accountId = accountId;
    }

    public long accountId() {
        return accountId;
    }
}

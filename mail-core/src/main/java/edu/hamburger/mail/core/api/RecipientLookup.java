package edu.hamburger.mail.core.api;

import java.util.List;

/**
 * {@code GET /api/v1/recipients/{address}}: what this deployment does with mail for an address.
 * The SMTP gateway answers 250, 550 5.1.1 (unknown user) or treats it as relaying from this.
 */
public record RecipientLookup(String address, Status status, List<AccountRef> accounts) {

    public enum Status {
        /** A local account or alias: deliver to {@code accounts}. */
        LOCAL,
        /** The domain is not one of ours: mail for it is relayed, if the sender may relay. */
        NOT_LOCAL_DOMAIN,
        /** Our domain, but no such user and no catch-all. */
        UNKNOWN_USER
    }

    public RecipientLookup {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
    }

    /** Whether the address is one of this account's (its own or an alias delivering to it): what it may send as. */
    public boolean reaches(long accountId) {
        return status == Status.LOCAL && accounts.stream().anyMatch(account -> account.accountId() == accountId);
    }

    /** The account whose own address this is (not an alias or a list naming it), if any. */
    public java.util.Optional<AccountRef> ownAccount() {
        return status != Status.LOCAL ? java.util.Optional.empty()
                : accounts.stream().filter(account -> account.address().equalsIgnoreCase(address)).findFirst();
    }
}

package edu.hamburger.mail.mailbox.account;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Creates accounts together with their standard folders, in the caller's Panache transaction:
 * INBOX plus Sent, Drafts, Trash, Junk and Archive with their RFC 6154 SPECIAL-USE attributes.
 */
@ApplicationScoped
public class AccountDirectory {

    /** Folder name and special use of every new account's mailboxes. */
    public static final List<String[]> STANDARD_MAILBOXES = List.of(
            new String[] {"INBOX", null},
            new String[] {"Sent", "\\Sent"},
            new String[] {"Drafts", "\\Drafts"},
            new String[] {"Trash", "\\Trash"},
            new String[] {"Junk", "\\Junk"},
            new String[] {"Archive", "\\Archive"});

    /** Persists the account and its standard mailboxes, subscribed; call inside {@code Panache.withTransaction}. */
    public Uni<Account> create(MailDomain domain, String localPart, String passwordHash, long quotaBytes) {
        Account account = new Account();
        account.domain = domain;
        account.localPart = localPart;
        account.address = localPart + "@" + domain.name;
        account.passwordHash = passwordHash;
        account.quotaBytes = quotaBytes;
        return account.<Account>persistAndFlush().chain(saved -> createStandardMailboxes(saved).replaceWith(saved));
    }

    private Uni<Void> createStandardMailboxes(Account account) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String[] mailbox : STANDARD_MAILBOXES) {
            chain = chain.chain(() -> Panache.getSession().chain(session -> session
                    .createNativeQuery("insert into mailbox (account_id, name, special_use) values (?1, ?2, ?3)")
                    .setParameter(1, account.id)
                    .setParameter(2, mailbox[0])
                    .setParameter(3, mailbox[1])
                    .executeUpdate()
                    // subscribed from the start (Dovecot's "auto = subscribe"): clients that show only
                    // subscribed folders show these; a mailbox a client creates is not subscribed
                    .chain(() -> session.createNativeQuery("insert into subscription (account_id, name) values (?1, ?2)")
                            .setParameter(1, account.id)
                            .setParameter(2, mailbox[0])
                            .executeUpdate()))).replaceWithVoid();
        }
        return chain;
    }
}

package edu.hamburger.mail.mailbox.account;

import edu.hamburger.mail.core.address.AddressSyntaxException;
import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.core.api.RecipientLookup;
import edu.hamburger.mail.mailbox.MailboxSettings;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Who an address is: recipient lookup (accounts, aliases, catch-all, subaddresses like
 * {@code bob+lists@}). Local parts are matched case-insensitively,
 * as Postfix and Dovecot do by default.
 */
@ApplicationScoped
public class RecipientDirectory {

    @Inject
    Pool pool;

    @Inject
    MailboxSettings settings;


    public Uni<RecipientLookup> lookup(String text) {
        MailAddress address;
        try {
            address = MailAddress.parse(text);
        } catch (AddressSyntaxException e) {
            throw edu.hamburger.mail.mailbox.store.MailboxException.badRequest("not an address: " + e.getMessage());
        }
        String domain = address.domainKey();
        String local = address.localPart().toLowerCase(Locale.ROOT);
        return pool.preparedQuery("select id from mail_domain where name = $1").execute(Tuple.of(domain))
                .chain(domains -> {
                    if (domains.size() == 0) {
                        return Uni.createFrom().item(new RecipientLookup(text, RecipientLookup.Status.NOT_LOCAL_DOMAIN, List.of()));
                    }
                    return accountsFor(local + "@" + domain).chain(found -> {
                        // mail.subaddress-separator, Postfix's recipient_delimiter: bob+anything@ is bob's
                        String separator = settings.subaddressSplit();
                        int split = separator.isEmpty() ? -1 : local.indexOf(separator);
                        if (found.isEmpty() && split > 0) {
                            return accountsFor(local.substring(0, split) + "@" + domain);
                        }
                        return Uni.createFrom().item(found);
                    }).chain(found -> found.isEmpty() ? accountsFor("@" + domain) : Uni.createFrom().item(found))
                            .map(found -> new RecipientLookup(text,
                                    found.isEmpty() ? RecipientLookup.Status.UNKNOWN_USER : RecipientLookup.Status.LOCAL, found));
                });
    }

    /** The accounts an exact (lower-cased) address delivers to: the account itself, or its alias targets. */
    private Uni<List<AccountRef>> accountsFor(String address) {
        return pool.preparedQuery("""
                        select a.id, a.address from account a where a.address = $1
                        union
                        select a.id, a.address from alias l join account a on a.id = l.account_id where l.address = $1
                        order by 1""")
                .execute(Tuple.of(address))
                .map(rows -> {
                    List<AccountRef> result = new ArrayList<>();
                    for (Row row : rows) {
                        result.add(new AccountRef(row.getLong("id"), row.getString("address")));
                    }
                    return result;
                });
    }
}

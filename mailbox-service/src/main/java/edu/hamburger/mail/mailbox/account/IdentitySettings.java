package edu.hamburger.mail.mailbox.account;

import edu.hamburger.mail.core.api.Identity;
import edu.hamburger.mail.mailbox.store.MailboxException;
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
 * The addresses an account writes as (its own first, then its aliases; a catch-all {@code @domain}
 * is no address to write as) and, for each, the display name and signature it chose. Saving is
 * allowed only for those addresses: one account never names itself as another's.
 */
@ApplicationScoped
public class IdentitySettings {

    @Inject
    Pool pool;

    public Uni<List<Identity>> list(long accountId) {
        return pool.preparedQuery("""
                        select a.address, coalesce(s.display_name, '') as display_name, coalesce(s.signature, '') as signature, a.own
                          from (select address, true as own from account where id = $1
                                union
                                select address, false from alias where account_id = $1 and address not like '@%') a
                          left join identity_setting s on s.account_id = $1 and s.address = a.address
                         order by a.own desc, a.address""")
                .execute(Tuple.of(accountId))
                .map(rows -> {
                    List<Identity> identities = new ArrayList<>();
                    for (Row row : rows) {
                        identities.add(new Identity(row.getString("address"), row.getString("display_name"), row.getString("signature")));
                    }
                    if (identities.isEmpty()) {
                        throw MailboxException.notFound("account " + accountId);
                    }
                    return identities;
                });
    }

    /** Saves the name and signature of one of the account's addresses; 404 for an address it does not have. */
    public Uni<Identity> save(long accountId, String address, Identity chosen) {
        String key = address == null ? "" : address.trim().toLowerCase(Locale.ROOT);
        Identity checked = checked(key, chosen);
        return pool.preparedQuery("""
                        insert into identity_setting (account_id, address, display_name, signature)
                        select $1, $2, $3, $4
                         where exists (select 1 from account where id = $1 and address = $2)
                            or exists (select 1 from alias where account_id = $1 and address = $2 and address not like '@%')
                        on conflict (account_id, address) do update
                           set display_name = excluded.display_name, signature = excluded.signature, updated_at = now()
                        returning address""")
                .execute(Tuple.of(accountId, key, checked.displayName(), checked.signature()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw MailboxException.notFound("address " + key + " of account " + accountId);
                    }
                    return checked;
                });
    }

    /**
     * The values as kept: trimmed, bounded, the display name on one line (it becomes part of a
     * From: header), the signature with its line ends as LF and no other control characters.
     */
    static Identity checked(String address, Identity chosen) {
        if (chosen == null) {
            throw MailboxException.badRequest("a display name and a signature are required (either may be empty)");
        }
        String name = chosen.displayName().strip();
        String signature = chosen.signature().replace("\r\n", "\n").replace('\r', '\n').stripTrailing();
        if (name.length() > Identity.MAX_DISPLAY_NAME) {
            throw MailboxException.badRequest("a display name is at most " + Identity.MAX_DISPLAY_NAME + " characters");
        }
        if (signature.length() > Identity.MAX_SIGNATURE) {
            throw MailboxException.badRequest("a signature is at most " + Identity.MAX_SIGNATURE + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw MailboxException.badRequest("a display name is one line of text");
        }
        if (signature.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            throw MailboxException.badRequest("a signature holds text only, no control characters");
        }
        return new Identity(address, name, signature);
    }
}

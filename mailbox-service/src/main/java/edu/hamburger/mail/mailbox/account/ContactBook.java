package edu.hamburger.mail.mailbox.account;

import edu.hamburger.mail.core.address.AddressSyntaxException;
import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.api.Contact;
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
 * An account's address book: a contact per address (saving one again renames it), at most
 * {@link Contact#MAX_CONTACTS}. Every statement names the account.
 */
@ApplicationScoped
public class ContactBook {

    @Inject
    Pool pool;

    public Uni<List<Contact>> list(long accountId) {
        return pool.preparedQuery("select name, address from contact where account_id = $1 order by lower(name), address_key")
                .execute(Tuple.of(accountId))
                .map(rows -> {
                    List<Contact> contacts = new ArrayList<>();
                    for (Row row : rows) {
                        contacts.add(new Contact(row.getString("name"), row.getString("address")));
                    }
                    return contacts;
                });
    }

    /** Adds a contact, or renames the one with that address. */
    public Uni<Contact> save(long accountId, String address, Contact chosen) {
        Contact contact = checked(address, chosen == null ? null : chosen.name());
        String key = contact.address().toLowerCase(Locale.ROOT);
        return pool.withTransaction(conn -> conn.preparedQuery("select count(*) as kept from contact where account_id = $1 and address_key <> $2")
                .execute(Tuple.of(accountId, key))
                .chain(rows -> {
                    if (rows.iterator().next().getLong("kept") >= Contact.MAX_CONTACTS) {
                        throw MailboxException.overQuota("an address book keeps at most " + Contact.MAX_CONTACTS + " contacts");
                    }
                    return conn.preparedQuery("""
                                    insert into contact (account_id, address_key, address, name) values ($1, $2, $3, $4)
                                    on conflict (account_id, address_key) do update set address = excluded.address, name = excluded.name""")
                            .execute(Tuple.of(accountId, key, contact.address(), contact.name()));
                })).replaceWith(contact);
    }

    public Uni<Void> delete(long accountId, String address) {
        String key = address == null ? "" : address.trim().toLowerCase(Locale.ROOT);
        return pool.preparedQuery("delete from contact where account_id = $1 and address_key = $2")
                .execute(Tuple.of(accountId, key))
                .invoke(rows -> {
                    if (rows.rowCount() == 0) {
                        throw MailboxException.notFound("contact " + key);
                    }
                }).replaceWithVoid();
    }

    /** A readable address (RFC 5321 mailbox, at most 254 octets) and a one-line name. */
    static Contact checked(String address, String name) {
        String trimmed = address == null ? "" : address.trim();
        MailAddress parsed;
        try {
            parsed = MailAddress.parse(trimmed);
        } catch (AddressSyntaxException e) {
            throw MailboxException.badRequest("not an address: " + trimmed.replaceAll("\\p{Cntrl}", "?"));
        }
        if (parsed.toString().length() > 254 || parsed.isAddressLiteral()) {
            throw MailboxException.badRequest("not an address to write to: " + trimmed);
        }
        String kept = name == null ? "" : name.strip();
        if (kept.length() > Contact.MAX_NAME || kept.chars().anyMatch(Character::isISOControl)) {
            throw MailboxException.badRequest("a contact's name is one line of at most " + Contact.MAX_NAME + " characters");
        }
        return new Contact(kept, parsed.toString());
    }
}

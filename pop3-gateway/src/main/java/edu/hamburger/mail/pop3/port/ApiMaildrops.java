package edu.hamburger.mail.pop3.port;

import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.api.StoreException;
import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.core.api.FlagChange;
import edu.hamburger.mail.core.api.MaildropLease;
import edu.hamburger.mail.mailbox.client.MailboxAccounts;
import edu.hamburger.mail.mailbox.client.MailboxApi;
import edu.hamburger.mail.pop3.Pop3Settings;
import edu.hamburger.mail.pop3.protocol.Maildrop;
import edu.hamburger.mail.pop3.protocol.MaildropPort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The maildrop over mailbox-service's API: INBOX, its lease, and \Deleted plus EXPUNGE on QUIT. */
@ApplicationScoped
public class ApiMaildrops implements MaildropPort {

    @RestClient
    MailboxApi api;

    @Inject
    MailboxAccounts accounts;

    @Inject
    Pop3Settings settings;

    @Override
    public Uni<AccountRef> authenticate(String user, String password, String clientAddress) {
        return accounts.authenticate(user, password, clientAddress, "pop3");
    }

    @Override
    public Uni<Boolean> lock(long accountId, String holder) {
        return api.takeMaildropLease(accountId, lease(holder))
                .map(lease -> true)
                .onFailure(ApiMaildrops::inUse).recoverWithItem(false);
    }

    @Override
    public Uni<Maildrop> lockAndOpen(long accountId, String holder) {
        return api.openMaildrop(accountId, lease(holder))
                .map(listing -> {
                    List<Maildrop.Entry> entries = new java.util.ArrayList<>(listing.uids().length);
                    for (int i = 0; i < listing.uids().length; i++) {
                        entries.add(new Maildrop.Entry(listing.uids()[i], listing.sizes()[i]));
                    }
                    return new Maildrop(accountId, listing.mailboxId(), listing.uidValidity(), entries);
                })
                .onFailure(ApiMaildrops::inUse).recoverWithNull();
    }

    private MaildropLease lease(String holder) {
        return new MaildropLease(holder, (int) settings.leaseDuration().toSeconds(), null);
    }

    private static boolean inUse(Throwable failure) {
        return failure instanceof StoreException refused && refused.code() == ErrorCode.IN_USE;
    }

    @Override
    public Uni<Void> unlock(long accountId, String holder) {
        return api.releaseMaildropLease(accountId, holder);
    }

    @Override
    public Uni<byte[]> read(Maildrop maildrop, long uid, long offset, long length) {
        return api.content(maildrop.accountId(), maildrop.mailboxId(), uid, offset, length);
    }

    @Override
    public Uni<java.util.Map<Long, byte[]>> readWhole(Maildrop maildrop, List<Long> uids) {
        String set = uids.stream().map(String::valueOf).collect(Collectors.joining(","));
        return api.contents(maildrop.accountId(), maildrop.mailboxId(), set).map(body -> {
            java.util.Map<Long, byte[]> found = new java.util.HashMap<>();
            edu.hamburger.mail.core.api.MessageBatch.decode(body).forEach(m -> found.put(m.uid(), m.raw()));
            return found;
        });
    }

    @Override
    public Uni<Void> remove(Maildrop maildrop, List<Long> uids) {
        String set = uids.stream().map(String::valueOf).collect(Collectors.joining(","));
        return api.changeFlags(maildrop.accountId(), maildrop.mailboxId(),
                        new FlagChange(set, FlagChange.Mode.ADD, List.of("\\Deleted"), null))
                .chain(() -> api.expunge(maildrop.accountId(), maildrop.mailboxId(), set))
                .replaceWithVoid();
    }
}

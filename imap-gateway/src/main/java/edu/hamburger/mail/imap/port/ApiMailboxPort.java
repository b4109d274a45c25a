package edu.hamburger.mail.imap.port;

import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.api.StoreException;
import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.core.api.AppendResult;
import edu.hamburger.mail.core.api.CopyRequest;
import edu.hamburger.mail.core.api.CopyResult;
import edu.hamburger.mail.core.api.ExpungeResult;
import edu.hamburger.mail.core.api.FlagChange;
import edu.hamburger.mail.core.api.FlagChangeResult;
import edu.hamburger.mail.core.api.MailboxInfo;
import edu.hamburger.mail.core.api.MailboxState;
import edu.hamburger.mail.core.api.MailboxName;
import edu.hamburger.mail.core.api.MessageSummary;
import edu.hamburger.mail.core.api.SearchKey;
import edu.hamburger.mail.core.api.Subscription;
import edu.hamburger.mail.imap.protocol.MailboxPort;
import edu.hamburger.mail.mailbox.client.MailboxAccounts;
import edu.hamburger.mail.mailbox.client.MailboxApi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The IMAP protocol's store, over mailbox-service's internal API; API errors arrive as typed {@code StoreException}s. */
@ApplicationScoped
public class ApiMailboxPort implements MailboxPort {

    @Inject
    MailboxAccounts accounts;

    @RestClient
    MailboxApi api;

    @Override
    public Uni<AccountRef> authenticate(String username, String password, String clientAddress) {
        return accounts.authenticate(username, password, clientAddress, "imap");
    }

    @Override
    public Uni<List<MailboxInfo>> mailboxes(long account) {
        return api.mailboxes(account);
    }

    @Override
    public Uni<MailboxInfo> mailboxByName(long account, String name) {
        return api.mailboxByName(account, name)
                .onFailure(ApiMailboxPort::notFound).recoverWithNull();
    }

    @Override
    public Uni<MailboxState> mailboxState(long account, long mailbox) {
        return api.mailboxState(account, mailbox);
    }

    @Override
    public Uni<edu.hamburger.mail.core.api.QuotaUsage> quota(long account) {
        return api.quota(account);
    }

    @Override
    public Uni<MailboxInfo> create(long account, String name) {
        return api.createMailbox(account, new MailboxName(name));
    }

    @Override
    public Uni<MailboxInfo> rename(long account, long mailbox, String newName) {
        return api.renameMailbox(account, mailbox, new MailboxName(newName));
    }

    @Override
    public Uni<MailboxInfo> delete(long account, long mailbox) {
        return api.deleteMailbox(account, mailbox);
    }

    @Override
    public Uni<Void> subscribe(long account, String name, boolean subscribed) {
        return api.subscribeName(account, name, new Subscription(subscribed));
    }

    @Override
    public Uni<List<String>> subscriptions(long account) {
        return api.subscriptions(account);
    }

    @Override
    public Uni<List<MessageSummary>> summaries(long account, long mailbox, String uids, Long changedSince, String include) {
        return api.summaries(account, mailbox, uids, changedSince, include);
    }

    @Override
    public Uni<edu.hamburger.mail.core.api.MailboxSnapshot> snapshot(long account, String name, boolean claimRecent) {
        return (claimRecent ? api.selectByName(account, name) : api.snapshotByName(account, name))
                .onFailure(ApiMailboxPort::notFound).recoverWithNull();
    }

    @Override
    public Uni<edu.hamburger.mail.core.api.RecentClaim> claimRecent(long account, long mailbox, long upTo) {
        return api.claimRecent(account, mailbox, upTo);
    }

    @Override
    public Uni<byte[]> section(long account, long mailbox, long uid, String section, String part, long offset, long length) {
        return api.section(account, mailbox, uid, section, part, offset, length);
    }

    @Override
    public Uni<AppendResult> append(long account, long mailbox, byte[] message, List<String> flags, Instant internalDate) {
        return api.append(account, mailbox, message, String.join(" ", flags),
                internalDate == null ? null : internalDate.toString());
    }

    @Override
    public Uni<CopyResult> copy(long account, long mailbox, String uids, long target, boolean move) {
        return api.copy(account, mailbox, new CopyRequest(uids, target, move));
    }

    @Override
    public Uni<List<Long>> search(long account, long mailbox, SearchKey key) {
        return api.search(account, mailbox, key);
    }

    @Override
    public Uni<List<Long>> sort(long account, long mailbox, edu.hamburger.mail.core.api.SortRequest request) {
        return api.sort(account, mailbox, request);
    }

    @Override
    public Uni<List<edu.hamburger.mail.core.api.ThreadNode>> thread(long account, long mailbox,
            edu.hamburger.mail.core.api.ThreadRequest request) {
        return api.thread(account, mailbox, request);
    }

    @Override
    public Uni<FlagChangeResult> changeFlags(long account, long mailbox, FlagChange change) {
        return api.changeFlags(account, mailbox, change);
    }

    @Override
    public Uni<ExpungeResult> expunge(long account, long mailbox, String uids) {
        return api.expunge(account, mailbox, uids);
    }

    @Override
    public Uni<List<Long>> expunged(long account, long mailbox, long sinceModseq) {
        return api.expunged(account, mailbox, sinceModseq);
    }

    private static boolean notFound(Throwable e) {
        return e instanceof StoreException refused && refused.code() == ErrorCode.NOT_FOUND;
    }
}

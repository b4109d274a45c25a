package edu.hamburger.mail.imap.port;

import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.core.api.AppendResult;
import edu.hamburger.mail.core.api.CopyRequest;
import edu.hamburger.mail.core.api.CopyResult;
import edu.hamburger.mail.core.api.ExpungeResult;
import edu.hamburger.mail.core.api.FlagChange;
import edu.hamburger.mail.core.api.FlagChangeResult;
import edu.hamburger.mail.core.api.MailboxInfo;
import edu.hamburger.mail.core.api.MailboxName;
import edu.hamburger.mail.core.api.MessageSummary;
import edu.hamburger.mail.core.api.SearchKey;
import edu.hamburger.mail.core.api.Subscription;
import edu.hamburger.mail.imap.protocol.MailboxPort;
import edu.hamburger.mail.imap.protocol.MailboxPortException;
import edu.hamburger.mail.mailbox.client.MailboxAccounts;
import edu.hamburger.mail.mailbox.client.MailboxApi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The IMAP protocol's store, over mailbox-service's internal API; API errors become {@link MailboxPortException}. */
@ApplicationScoped
public class ApiMailboxPort implements MailboxPort {

    @Inject
    MailboxAccounts accounts;

    @RestClient
    MailboxApi api;

    @Override
    public Uni<AccountRef> authenticate(String username, String password) {
        return accounts.authenticate(username, password);
    }

    @Override
    public Uni<List<MailboxInfo>> mailboxes(long account) {
        return mapped(api.mailboxes(account));
    }

    @Override
    public Uni<MailboxInfo> mailboxByName(long account, String name) {
        return api.mailboxByName(account, name)
                .onFailure(e -> status(e) == 404).recoverWithNull()
                .onFailure().transform(ApiMailboxPort::translate);
    }

    @Override
    public Uni<MailboxInfo> mailbox(long account, long mailbox) {
        return mapped(api.mailbox(account, mailbox));
    }

    @Override
    public Uni<MailboxInfo> create(long account, String name) {
        return mapped(api.createMailbox(account, new MailboxName(name)));
    }

    @Override
    public Uni<MailboxInfo> rename(long account, long mailbox, String newName) {
        return mapped(api.renameMailbox(account, mailbox, new MailboxName(newName)));
    }

    @Override
    public Uni<MailboxInfo> delete(long account, long mailbox) {
        return mapped(api.deleteMailbox(account, mailbox));
    }

    @Override
    public Uni<MailboxInfo> subscribe(long account, long mailbox, boolean subscribed) {
        return mapped(api.subscribe(account, mailbox, new Subscription(subscribed)));
    }

    @Override
    public Uni<List<MessageSummary>> summaries(long account, long mailbox, String uids, Long changedSince, String include) {
        return mapped(api.summaries(account, mailbox, uids, changedSince, include));
    }

    @Override
    public Uni<edu.hamburger.mail.core.api.MailboxSnapshot> snapshot(long account, String name) {
        return api.snapshotByName(account, name)
                .onFailure(e -> status(e) == 404).recoverWithNull()
                .onFailure().transform(ApiMailboxPort::translate);
    }

    @Override
    public Uni<byte[]> section(long account, long mailbox, long uid, String section, String part, long offset, long length) {
        return mapped(api.section(account, mailbox, uid, section, part, offset, length));
    }

    @Override
    public Uni<AppendResult> append(long account, long mailbox, byte[] message, List<String> flags, Instant internalDate) {
        return mapped(api.append(account, mailbox, message, String.join(" ", flags),
                internalDate == null ? null : internalDate.toString()));
    }

    @Override
    public Uni<CopyResult> copy(long account, long mailbox, String uids, long target, boolean move) {
        return mapped(api.copy(account, mailbox, new CopyRequest(uids, target, move)));
    }

    @Override
    public Uni<List<Long>> search(long account, long mailbox, SearchKey key) {
        return mapped(api.search(account, mailbox, key));
    }

    @Override
    public Uni<FlagChangeResult> changeFlags(long account, long mailbox, FlagChange change) {
        return mapped(api.changeFlags(account, mailbox, change));
    }

    @Override
    public Uni<ExpungeResult> expunge(long account, long mailbox, String uids) {
        return mapped(api.expunge(account, mailbox, uids));
    }

    @Override
    public Uni<List<Long>> expunged(long account, long mailbox, long sinceModseq) {
        return mapped(api.expunged(account, mailbox, sinceModseq));
    }

    private static <T> Uni<T> mapped(Uni<T> call) {
        return call.onFailure().transform(ApiMailboxPort::translate);
    }

    private static int status(Throwable e) {
        return e instanceof WebApplicationException w ? w.getResponse().getStatus() : -1;
    }

    /** 4xx answers are the client's business (NO with a response code); anything else stays an error. */
    private static Throwable translate(Throwable e) {
        int status = status(e);
        if (status >= 400 && status < 500 || status == 507) {
            String message = e.getMessage();
            try {
                var error = ((WebApplicationException) e).getResponse().readEntity(edu.hamburger.mail.core.api.ApiError.class);
                if (error != null && error.message() != null) {
                    message = error.message();
                }
            } catch (RuntimeException ignored) {
                // no JSON body: keep the exception's own message
            }
            return new MailboxPortException(status, message);
        }
        return e;
    }
}

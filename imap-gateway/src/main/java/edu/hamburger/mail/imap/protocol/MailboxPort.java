package edu.hamburger.mail.imap.protocol;

import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.core.api.AppendResult;
import edu.hamburger.mail.core.api.CopyResult;
import edu.hamburger.mail.core.api.ExpungeResult;
import edu.hamburger.mail.core.api.FlagChange;
import edu.hamburger.mail.core.api.FlagChangeResult;
import edu.hamburger.mail.core.api.MailboxInfo;
import edu.hamburger.mail.core.api.MailboxState;
import edu.hamburger.mail.core.api.MessageSummary;
import edu.hamburger.mail.core.api.SearchKey;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;

/**
 * What the IMAP protocol needs from the mail store (mailbox-service's API). A failure the client
 * should hear about arrives as a {@code StoreException} with its {@code ErrorCode}.
 */
public interface MailboxPort {

    /** The account, or null for wrong credentials. */
    /** The account, or null for wrong credentials; see {@link edu.hamburger.mail.line.sasl.PasswordCheck}. */
    Uni<AccountRef> authenticate(String username, String password, String clientAddress);

    Uni<List<MailboxInfo>> mailboxes(long account);

    /** The mailbox of that name (Unicode, "/"-separated), or null if there is none. */
    Uni<MailboxInfo> mailboxByName(long account, String name);

    /** Where the mailbox stands (UIDNEXT, HIGHESTMODSEQ), without counting its messages. */
    Uni<MailboxState> mailboxState(long account, long mailbox);

    /** The account's storage quota (GETQUOTA, GETQUOTAROOT). */
    Uni<edu.hamburger.mail.core.api.QuotaUsage> quota(long account);

    Uni<MailboxInfo> create(long account, String name);

    Uni<MailboxInfo> rename(long account, long mailbox, String newName);

    Uni<MailboxInfo> delete(long account, long mailbox);

    /** SUBSCRIBE or UNSUBSCRIBE a name (Unicode, "/"-separated); a subscription may outlive its mailbox. */
    Uni<Void> subscribe(long account, String name, boolean subscribed);

    /** The subscribed names, mailboxes or not. */
    Uni<List<String>> subscriptions(long account);

    /**
     * Summaries of a UID set, only those changed after {@code changedSince} when not null;
     * {@code include} is null, "envelope" or "structure" (envelope and body structure).
     */
    Uni<List<MessageSummary>> summaries(long account, long mailbox, String uids, Long changedSince, String include);

    /**
     * The mailbox of that name with the index of its messages (SELECT in one round trip), or null
     * if there is none; {@code claimRecent} (read-write SELECT) makes its \Recent messages this session's.
     */
    Uni<edu.hamburger.mail.core.api.MailboxSnapshot> snapshot(long account, String name, boolean claimRecent);

    /** Claims the messages below {@code upTo} that no session has seen as \Recent yet. */
    Uni<edu.hamburger.mail.core.api.RecentClaim> claimRecent(long account, long mailbox, long upTo);

    /** Bytes of a section: part is body, header, text or mime; length -1 for all. */
    Uni<byte[]> section(long account, long mailbox, long uid, String section, String part, long offset, long length);

    Uni<AppendResult> append(long account, long mailbox, byte[] message, List<String> flags, Instant internalDate);

    Uni<CopyResult> copy(long account, long mailbox, String uids, long target, boolean move);

    Uni<List<Long>> search(long account, long mailbox, SearchKey key);

    /** SORT: the matching UIDs in the request's order. */
    Uni<List<Long>> sort(long account, long mailbox, edu.hamburger.mail.core.api.SortRequest request);

    /** THREAD: the matching messages' threads. */
    Uni<List<edu.hamburger.mail.core.api.ThreadNode>> thread(long account, long mailbox, edu.hamburger.mail.core.api.ThreadRequest request);

    Uni<FlagChangeResult> changeFlags(long account, long mailbox, FlagChange change);

    Uni<ExpungeResult> expunge(long account, long mailbox, String uids);

    Uni<List<Long>> expunged(long account, long mailbox, long sinceModseq);
}

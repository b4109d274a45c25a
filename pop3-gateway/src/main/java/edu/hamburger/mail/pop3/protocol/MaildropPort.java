package edu.hamburger.mail.pop3.protocol;

import edu.hamburger.mail.core.api.AccountRef;
import io.smallrye.mutiny.Uni;
import java.util.List;

/** What the POP3 protocol needs from the mailboxes: the one port it talks through. */
public interface MaildropPort {

    /** The account, or null for wrong credentials; see {@link edu.hamburger.mail.line.sasl.PasswordCheck}. */
    Uni<AccountRef> authenticate(String user, String password, String clientAddress);

    /** Takes (or renews) the maildrop lock; false when another session holds it. */
    Uni<Boolean> lock(long accountId, String holder);

    Uni<Void> unlock(long accountId, String holder);

    /** A login: takes the maildrop lock and reads INBOX as it is now; null when another session holds the lock. */
    Uni<Maildrop> lockAndOpen(long accountId, String holder);

    /** The message's octets from {@code offset}, {@code length} of them (-1: to the end). */
    Uni<byte[]> read(Maildrop maildrop, long uid, long offset, long length);

    /**
     * Several whole messages in one call (the session reads ahead of the client), by UID; UIDs no
     * longer in the mailbox are left out. The caller bounds the count and the total size.
     */
    Uni<java.util.Map<Long, byte[]>> readWhole(Maildrop maildrop, List<Long> uids);

    /** UPDATE state: removes these messages for good. */
    Uni<Void> remove(Maildrop maildrop, List<Long> uids);
}

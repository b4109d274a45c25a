package edu.hamburger.mail.pop3.protocol;

import edu.hamburger.mail.core.api.AccountRef;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link MaildropPort} in memory: one account (bob, password "secret") with an INBOX and a lock. */
final class InMemoryMaildrops implements MaildropPort {

    static final AccountRef BOB = new AccountRef(2, "bob@example.test");

    final TreeMap<Long, byte[]> inbox = new TreeMap<>();
    final Map<Long, String> locks = new ConcurrentHashMap<>();
    private long nextUid = 1;

    void deliver(String message) {
        inbox.put(nextUid++, message.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Uni<AccountRef> authenticate(String user, String password, String clientAddress) {
        if (password.equals("try-later")) { // the login policy's back-off, as mailbox-service answers it
            return Uni.createFrom().failure(new edu.hamburger.mail.core.api.StoreException(
                    edu.hamburger.mail.core.api.ErrorCode.TRY_LATER, "too many failed logins", java.time.Duration.ofSeconds(4)));
        }
        return Uni.createFrom().item(user.equalsIgnoreCase(BOB.address()) && password.equals("secret") ? BOB : null);
    }

    @Override
    public Uni<Boolean> lock(long accountId, String holder) {
        return Uni.createFrom().item(holder.equals(locks.computeIfAbsent(accountId, a -> holder)));
    }

    @Override
    public Uni<Void> unlock(long accountId, String holder) {
        locks.remove(accountId, holder);
        return Uni.createFrom().voidItem();
    }

    /** Calls of {@link #lockAndOpen}: a login waiting for the lock asks again. */
    final AtomicInteger lockAttempts = new AtomicInteger();

    @Override
    public Uni<Maildrop> lockAndOpen(long accountId, String holder) {
        lockAttempts.incrementAndGet();
        return lock(accountId, holder).map(locked -> {
            if (!locked) {
                return null;
            }
            List<Maildrop.Entry> entries = new ArrayList<>();
            inbox.forEach((uid, bytes) -> entries.add(new Maildrop.Entry(uid, bytes.length)));
            return new Maildrop(accountId, 10, 1, entries);
        });
    }

    @Override
    public Uni<byte[]> read(Maildrop maildrop, long uid, long offset, long length) {
        singleReads++;
        byte[] bytes = inbox.get(uid);
        if (bytes == null) {
            return Uni.createFrom().failure(new IllegalStateException("gone"));
        }
        int end = length < 0 ? bytes.length : (int) Math.min(bytes.length, offset + length);
        return Uni.createFrom().item(Arrays.copyOfRange(bytes, (int) offset, end));
    }

    /** How many calls each way read messages: the read-ahead shows in these. */
    int singleReads;
    int batchReads;
    /** Makes every read-ahead call fail, as a mailbox-service that is gone for a moment. */
    boolean failBatchReads;

    @Override
    public Uni<Map<Long, byte[]>> readWhole(Maildrop maildrop, List<Long> uids) {
        batchReads++;
        if (failBatchReads) {
            return Uni.createFrom().failure(new IllegalStateException("mailbox-service unavailable"));
        }
        Map<Long, byte[]> found = new java.util.HashMap<>();
        uids.stream().filter(inbox::containsKey).forEach(uid -> found.put(uid, inbox.get(uid)));
        return Uni.createFrom().item(found);
    }

    @Override
    public Uni<Void> remove(Maildrop maildrop, List<Long> uids) {
        uids.forEach(inbox::remove);
        return Uni.createFrom().voidItem();
    }
}

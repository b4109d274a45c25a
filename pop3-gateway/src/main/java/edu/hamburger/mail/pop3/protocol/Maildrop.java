package edu.hamburger.mail.pop3.protocol;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The maildrop of one POP3 session: INBOX as it was at login (RFC 1939 §8 — mail arriving later
 * shows at the next login), numbered from 1, with the deletion marks of this session.
 */
public final class Maildrop {

    /** One message as POP3 sees it. */
    public record Entry(long uid, long size) {
    }

    private final long accountId;
    private final long mailboxId;
    private final long uidValidity;
    private final List<Entry> entries;
    private final BitSet deleted = new BitSet();
    /** Messages being read, or read, ahead of the client, by UID, until RETR takes them or DELE drops them. */
    private final Map<Long, Ahead> ahead = new HashMap<>();
    private long aheadOctets;

    /** One message of a read-ahead call: its octets once the call answers. */
    private record Ahead(long uid, long size, Uni<Map<Long, byte[]>> call) {

        /** The message; {@code release} lets the call's answer drop it (RETR sends it once). */
        Uni<byte[]> message(boolean release) {
            return call.map(found -> {
                byte[] octets = release ? found.remove(uid) : found.get(uid);
                if (octets == null) {
                    throw new NoSuchElementException("message " + uid + " is not in the mailbox any more");
                }
                return octets;
            });
        }
    }

    public Maildrop(long accountId, long mailboxId, long uidValidity, List<Entry> entries) {
        this.accountId = accountId;
        this.mailboxId = mailboxId;
        this.uidValidity = uidValidity;
        this.entries = List.copyOf(entries);
    }

    public long accountId() {
        return accountId;
    }

    public long mailboxId() {
        return mailboxId;
    }

    /** The entry of message number {@code number}, or null if there is none or it is marked deleted. */
    public Entry get(int number) {
        if (number < 1 || number > entries.size() || deleted.get(number - 1)) {
            return null;
        }
        return entries.get(number - 1);
    }

    public int size() {
        return entries.size();
    }

    public boolean delete(int number) {
        if (get(number) == null) {
            return false;
        }
        deleted.set(number - 1);
        forget(entries.get(number - 1).uid());
        return true;
    }

    public void undelete() {
        deleted.clear();
    }

    public int count() {
        return entries.size() - deleted.cardinality();
    }

    public long octets() {
        long total = 0;
        for (int i = 0; i < entries.size(); i++) {
            if (!deleted.get(i)) {
                total += entries.get(i).size();
            }
        }
        return total;
    }

    /** UIDL: stable across sessions while UIDVALIDITY stays (RFC 1939 §7). */
    public String uniqueId(int number) {
        return uidValidity + "." + entries.get(number - 1).uid();
    }

    /**
     * The messages to read in one call from {@code number} on: it and the next ones not deleted
     * and not read ahead yet, at most {@code messages} of them and {@code octets} together. Empty
     * when message {@code number} alone is larger: that one is read on its own.
     */
    public List<Entry> batchFrom(int number, int messages, long octets) {
        List<Entry> batch = new ArrayList<>();
        long total = 0;
        for (int i = number; i <= entries.size() && batch.size() < messages; i++) {
            Entry entry = get(i);
            if (entry == null || ahead.containsKey(entry.uid())) {
                continue;
            }
            if (total + entry.size() > octets) {
                break;
            }
            batch.add(entry);
            total += entry.size();
        }
        return batch;
    }

    /**
     * Registers {@code batch} as being read by {@code call}, which starts now: the client reads the
     * messages before them meanwhile. Each is then taken by RETR or dropped by DELE.
     */
    public void readAhead(List<Entry> batch, Uni<Map<Long, byte[]>> call) {
        Uni<Map<Long, byte[]>> shared = call.<Map<Long, byte[]>>map(ConcurrentHashMap::new).memoize().indefinitely();
        for (Entry entry : batch) {
            ahead.put(entry.uid(), new Ahead(entry.uid(), entry.size(), shared));
            aheadOctets += entry.size();
        }
        // a failed call is seen by the RETR that takes one of its messages, which then reads it alone
        shared.subscribe().with(found -> { }, failure -> { });
    }

    /** A message being read ahead, now given up (RETR), or null if it is not. */
    public Uni<byte[]> takeAhead(long uid) {
        Ahead message = forget(uid);
        return message == null ? null : message.message(true);
    }

    /** A message being read ahead, kept for RETR (TOP), or null if it is not. */
    public Uni<byte[]> peekAhead(long uid) {
        Ahead message = ahead.get(uid);
        return message == null ? null : message.message(false);
    }

    /** How many messages are read ahead of the client, and their octets: what the session holds. */
    public int aheadCount() {
        return ahead.size();
    }

    public long aheadOctets() {
        return aheadOctets;
    }

    private Ahead forget(long uid) {
        Ahead message = ahead.remove(uid);
        if (message != null) {
            aheadOctets -= message.size();
        }
        return message;
    }

    public List<Long> deletedUids() {
        List<Long> uids = new ArrayList<>();
        deleted.stream().forEach(i -> uids.add(entries.get(i).uid()));
        return uids;
    }
}

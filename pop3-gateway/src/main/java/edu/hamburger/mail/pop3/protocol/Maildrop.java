package edu.hamburger.mail.pop3.protocol;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

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
    /** Messages read ahead of the client, by UID, until RETR takes them or DELE drops them. */
    private final java.util.Map<Long, byte[]> ahead = new java.util.HashMap<>();

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
        ahead.remove(entries.get(number - 1).uid());
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

    /** Keeps messages read ahead. */
    public void keepAhead(java.util.Map<Long, byte[]> messages) {
        ahead.putAll(messages);
    }

    /** A message read ahead, now given up (RETR), or null. */
    public byte[] takeAhead(long uid) {
        return ahead.remove(uid);
    }

    /** A message read ahead, kept (TOP), or null. */
    public byte[] peekAhead(long uid) {
        return ahead.get(uid);
    }

    public List<Long> deletedUids() {
        List<Long> uids = new ArrayList<>();
        deleted.stream().forEach(i -> uids.add(entries.get(i).uid()));
        return uids;
    }
}

package edu.hamburger.mail.imap.protocol;

import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.api.StoreException;
import edu.hamburger.mail.core.api.MessageSummary;
import edu.hamburger.mail.core.api.RecentClaim;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings a session's selected mailbox up to date with what other sessions, deliveries and other
 * gateways did, and tells the client (RFC 3501 §7.4: EXPUNGE, EXISTS, FETCH FLAGS; RFC 7162:
 * MODSEQ and, with QRESYNC, VANISHED). Between commands it asks the store only when the change
 * feed said that something in the account changed, so an idle mailbox costs nothing; NOOP, CHECK,
 * EXPUNGE and the start of IDLE ask it always ({@link #sync}: one read of the mailbox row, more
 * only when its HIGHESTMODSEQ or UIDNEXT moved), since the feed may not yet have brought a change
 * another session, replica or gateway has committed, and a client that sends NOOP expects to see it.
 */
final class MailboxUpdates {

    private final MailboxPort port;

    MailboxUpdates(MailboxPort port) {
        this.port = port;
    }

    /**
     * Reports pending changes. {@code expungesAllowed} is false during FETCH, STORE and SEARCH by
     * sequence number (RFC 3501 §7.4.1): then nothing is reported, so numbers stay stable.
     */
    Uni<Void> report(ImapSession session, ImapOutput out, boolean expungesAllowed) {
        SelectedMailbox box = session.selected();
        if (box == null || !expungesAllowed || !session.takeChanged()) {
            return Uni.createFrom().voidItem();
        }
        return catchUp(session, box, out);
    }

    /** Reports every change the store has committed, whether or not the change feed has told of it yet. */
    Uni<Void> sync(ImapSession session, ImapOutput out) {
        SelectedMailbox box = session.selected();
        if (box == null) {
            return Uni.createFrom().voidItem();
        }
        session.takeChanged();
        return catchUp(session, box, out);
    }

    private Uni<Void> catchUp(ImapSession session, SelectedMailbox box, ImapOutput out) {
        long account = session.account().accountId();
        long known = box.reportedModseq();
        return port.mailboxState(account, box.id())
                .chain(state -> {
                    if (state.highestModseq() <= known && state.uidNext() <= box.uidNext()) {
                        return Uni.createFrom().voidItem(); // nothing committed since: one cheap question
                    }
                    return port.summaries(account, box.id(), "1:*", known, null)
                            .chain(changed -> port.expunged(account, box.id(), known)
                                    .chain(gone -> claimArrivals(account, box, changed).map(v -> {
                                write(session, box, changed, gone, out);
                                box.advance(state.highestModseq(), state.uidNext());
                                box.reported(state.highestModseq());
                                return (Void) null;
                            })));
                })
                .onFailure(StoreException.class).recoverWithUni(e -> {
                    // the mailbox was deleted under us: RFC 3501 lets the server end the session
                    if (((StoreException) e).code() == ErrorCode.NOT_FOUND) {
                        out.untagged("BYE the selected mailbox was deleted");
                    }
                    return Uni.createFrom().voidItem();
                })
                .replaceWithVoid();
    }

    /**
     * New messages become \Recent to this session if no other session has seen them as such
     * (RFC 3501 §2.3.2): a read-write session claims them from the store; a read-only one cannot
     * know and, as the RFC asks then, counts them as recent.
     */
    private Uni<Void> claimArrivals(long account, SelectedMailbox box, List<MessageSummary> changed) {
        long newest = 0;
        for (MessageSummary message : changed) {
            newest = Math.max(newest, message.uid());
        }
        if (newest <= box.lastUid()) {
            return Uni.createFrom().voidItem();
        }
        if (box.readOnly()) {
            box.addRecent(new RecentClaim(box.lastUid() + 1, newest + 1));
            return Uni.createFrom().voidItem();
        }
        return port.claimRecent(account, box.id(), newest + 1).invoke(box::addRecent).replaceWithVoid();
    }

    private static void write(ImapSession session, SelectedMailbox box, List<MessageSummary> changed, List<Long> gone,
            ImapOutput out) {
        boolean qresync = session.enabled(Capability.QRESYNC);
        List<Long> vanished = new ArrayList<>();
        for (long uid : gone) {
            int msn = box.remove(uid);
            if (msn > 0) {
                if (qresync) {
                    vanished.add(uid);
                } else {
                    out.untagged(msn + " EXPUNGE");
                }
            }
        }
        if (!vanished.isEmpty()) {
            out.untagged("VANISHED " + UidRanges.format(vanished));
        }
        boolean arrived = false;
        List<MessageSummary> flagChanges = new ArrayList<>();
        for (MessageSummary message : changed) {
            if (message.uid() > box.lastUid()) {
                box.add(message);
                arrived = true;
            } else if (box.update(message)) {
                flagChanges.add(message);
            }
        }
        announceKeywords(box, out);
        if (arrived) { // an EXPUNGE already tells the client the count went down (RFC 3501 §7.4.1)
            out.untagged(box.exists() + " EXISTS");
            if (box.recentShown()) {
                out.untagged(box.recentCount() + " RECENT");
            }
        }
        for (MessageSummary message : flagChanges) {
            out.write(flagsResponse(session, box, box.msn(message.uid())));
        }
    }

    /**
     * A FETCH may show only keywords the client has been told of (RFC 3501 §7.2.6): when one came
     * into use, FLAGS and PERMANENTFLAGS with it go first, as Dovecot does.
     */
    static void announceKeywords(SelectedMailbox box, ImapOutput out) {
        if (box.takeNewKeywords()) {
            out.untagged("FLAGS (" + box.flagList() + ")");
            out.untagged("OK [PERMANENTFLAGS (" + box.flagList() + (box.readOnly() ? "" : " \\*") + ")] flags permitted");
        }
    }

    /** An unsolicited FETCH of a message's flags (with \Recent when recent to the session) and, under CONDSTORE, its modseq. */
    static byte[] flagsResponse(ImapSession session, SelectedMailbox box, int msn) {
        Response response = Response.untagged().raw(msn).raw(" FETCH (UID ").raw(box.uid(msn)).raw(" FLAGS ").list(box.flags(msn));
        if (session.condstore()) {
            response.raw(" MODSEQ (").raw(box.modseq(msn)).raw(")");
        }
        return response.raw(")").line();
    }
}

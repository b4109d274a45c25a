package edu.hamburger.mail.imap.protocol;

import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.api.StoreException;
import edu.hamburger.mail.core.api.MailboxInfo;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Commands on mailboxes as a whole: SELECT/EXAMINE (with CONDSTORE and QRESYNC), CREATE, DELETE,
 * RENAME, SUBSCRIBE/UNSUBSCRIBE, LIST/LSUB (LIST-EXTENDED selection and return options,
 * SPECIAL-USE, CHILDREN, LIST-STATUS), STATUS and APPEND.
 */
final class MailboxCommands {


    private final MailboxPort port;
    private final MailboxUpdates updates;
    private final long appendLimit;

    MailboxCommands(MailboxPort port, MailboxUpdates updates, long appendLimit) {
        this.port = port;
        this.updates = updates;
        this.appendLimit = appendLimit;
    }

    /**
     * SELECT and EXAMINE. The request is complete and valid here, so the session changes only now:
     * CONDSTORE on if asked for, the old selection closed, the new one opened.
     */
    Uni<Next> select(Command c, SelectRequest request) {
        if (request.qresync() != null && !c.session().enabled(Capability.QRESYNC)) {
            c.bad("QRESYNC must be enabled first (ENABLE QRESYNC)");
            return Uni.createFrom().item(Next.COMMAND);
        }
        if (request.condstore()) {
            c.session().enable(Capability.CONDSTORE);
        }
        boolean readOnly = request.readOnly();
        String name = request.mailbox();
        boolean hadSelection = c.session().selected() != null;
        c.session().select(null);
        if (hadSelection && (c.session().enabled(Capability.QRESYNC) || c.session().rev2())) {
            c.out().untagged("OK [CLOSED] previous mailbox closed");
        }
        long account = c.account();
        SelectRequest.Qresync resync = request.qresync();
        if (name == null) {
            c.no("[NONEXISTENT] no such mailbox (the name is not modified UTF-7)");
            return Uni.createFrom().item(Next.COMMAND);
        }
        return port.snapshot(account, name, !readOnly).chain(snapshot -> {
            if (snapshot == null) {
                c.no("[NONEXISTENT] no mailbox " + ModifiedUtf7.encode(name));
                return Uni.createFrom().item(Next.COMMAND);
            }
            return Uni.createFrom().item(snapshot.index()).chain(index -> {
                SelectedMailbox box = new SelectedMailbox(snapshot.mailbox(), readOnly, index, snapshot.recent());
                boolean rev2 = c.session().rev2();
                if (rev2) {
                    box.hideRecent();
                }
                c.session().select(box);
                c.session().takeChanged(); // everything up to now is in the listing
                c.out().untagged("FLAGS (" + box.flagList() + ")");
                c.out().untagged(box.exists() + " EXISTS");
                if (rev2) { // RFC 9051 §6.3.2: a LIST with the name as the server spells it; no RECENT, no UNSEEN
                    c.out().write(Response.untagged().raw("LIST () \"/\" ").mailbox(box.name(), true).line());
                } else {
                    c.out().untagged(box.recentCount() + " RECENT");
                    int unseen = box.firstUnseen();
                    if (unseen > 0) {
                        c.out().untagged("OK [UNSEEN " + unseen + "] first unseen message");
                    }
                }
                c.out().untagged("OK [PERMANENTFLAGS (" + box.flagList() + (readOnly ? "" : " \\*") + ")] flags permitted");
                c.out().untagged("OK [UIDVALIDITY " + box.uidValidity() + "] UIDs valid");
                c.out().untagged("OK [UIDNEXT " + box.uidNext() + "] predicted next UID");
                c.out().untagged("OK [HIGHESTMODSEQ " + box.highestModseq() + "] highest modseq");
                c.out().untagged("OK [MAILBOXID (" + ObjectIds.mailboxId(box.id()) + ")] mailbox id");
                Uni<Void> resynced = resync != null && resync.uidValidity() == box.uidValidity()
                        ? quickResync(c, box, resync.modseq(), resync.knownUids()) : Uni.createFrom().voidItem();
                return resynced.map(v -> {
                    c.ok((readOnly ? "[READ-ONLY] " : "[READ-WRITE] ") + c.name() + " completed");
                    return Next.COMMAND;
                });
            });
        });
    }

    /** RFC 7162 §3.2.5: what the client missed since its modseq, as VANISHED (EARLIER) and FETCH. */
    private Uni<Void> quickResync(Command c, SelectedMailbox box, long modseq, String knownUids) {
        return port.expunged(c.account(), box.id(), modseq).map(gone -> {
            List<Long> vanished = new ArrayList<>();
            long[] known = knownUids == null ? null : SelectedMailbox.parseUidList(knownUids);
            for (long uid : gone) {
                if (known == null || java.util.Arrays.binarySearch(known, uid) >= 0) {
                    vanished.add(uid);
                }
            }
            if (!vanished.isEmpty()) {
                c.out().untagged("VANISHED (EARLIER) " + UidRanges.format(vanished));
            }
            for (int msn = 1; msn <= box.exists(); msn++) {
                if (box.modseq(msn) > modseq) {
                    c.out().write(MailboxUpdates.flagsResponse(c.session(), box, msn));
                }
            }
            return null;
        });
    }

    Uni<Next> create(Command c, ImapRequest.MailboxRequest request) {
        String name = request.mailbox();
        String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name; // RFC 3501: a trailing delimiter is a hint
        if (trimmed.equals(MailboxInfo.INBOX)) {
            c.no("[ALREADYEXISTS] INBOX always exists");
            return Uni.createFrom().item(Next.COMMAND);
        }
        // RFC 3501 §6.3.3: superior names the new one needs are created too (those that exist are fine)
        Uni<Void> parents = Uni.createFrom().voidItem();
        for (int slash = trimmed.indexOf(MailboxInfo.DELIMITER); slash > 0; slash = trimmed.indexOf(MailboxInfo.DELIMITER, slash + 1)) {
            String parent = trimmed.substring(0, slash);
            parents = parents.chain(() -> port.create(c.account(), parent).replaceWithVoid()
                    .onFailure(e -> e instanceof StoreException refused && refused.code() == ErrorCode.EXISTS).recoverWithNull());
        }
        return parents.chain(() -> port.create(c.account(), trimmed)).map(created -> {
            c.ok("[MAILBOXID (" + ObjectIds.mailboxId(created.id()) + ")] CREATE completed");
            return Next.COMMAND;
        });
    }

    Uni<Next> delete(Command c, ImapRequest.MailboxRequest request) {
        String name = request.mailbox();
        if (name.equals(MailboxInfo.INBOX)) {
            c.no("[CANNOT] INBOX cannot be deleted");
            return Uni.createFrom().item(Next.COMMAND);
        }
        return byName(c, name).chain(info -> port.delete(c.account(), info.id())).map(deleted -> {
            if (c.session().selected() != null && c.session().selected().id() == deleted.id()) {
                c.session().select(null);
            }
            c.ok("DELETE completed");
            return Next.COMMAND;
        });
    }

    Uni<Next> rename(Command c, ImapRequest.RenameRequest request) {
        return byName(c, request.from()).chain(info -> port.rename(c.account(), info.id(), request.to())).map(renamed -> {
            c.ok("RENAME completed");
            return Next.COMMAND;
        });
    }

    Uni<Next> subscribe(Command c, ImapRequest.MailboxRequest request) {
        boolean subscribe = c.name().equals("SUBSCRIBE");
        // SUBSCRIBE names a mailbox that exists; UNSUBSCRIBE any subscribed name, its mailbox deleted or not
        Uni<Void> change = subscribe
                ? byName(c, request.mailbox()).chain(info -> port.subscribe(c.account(), info.name(), true))
                : request.mailbox() == null ? Uni.createFrom().voidItem() // not modified UTF-7: never subscribed
                : port.subscribe(c.account(), request.mailbox(), false);
        return change.map(done -> {
            c.ok(c.name() + " completed");
            return Next.COMMAND;
        });
    }

    /**
     * GETQUOTAROOT (RFC 9208 §4.2.2): every mailbox of an account shares one quota root, "", the
     * account's storage; the answer names it and gives its QUOTA.
     */
    Uni<Next> quotaRoot(Command c, ImapRequest.MailboxRequest request) {
        return byName(c, request.mailbox()).chain(info -> port.quota(c.account()).map(quota -> {
                    c.out().write(Response.untagged().raw("QUOTAROOT ").mailbox(info.name(), c.session().utf8Names()).raw(" \"\"").line());
                    c.out().untagged(quotaResponse(quota));
                    c.ok("GETQUOTAROOT completed");
                    return Next.COMMAND;
                }));
    }

    /** GETQUOTA (RFC 9208 §4.2.1): only the root "" exists. */
    Uni<Next> quota(Command c, ImapRequest.QuotaRootRequest request) {
        if (!request.root().isEmpty()) {
            c.no("[NONEXISTENT] no such quota root: the account's is \"\"");
            return Uni.createFrom().item(Next.COMMAND);
        }
        return port.quota(c.account()).map(quota -> {
            c.out().untagged(quotaResponse(quota));
            c.ok("GETQUOTA completed");
            return Next.COMMAND;
        });
    }

    /** STORAGE in units of 1024 octets, usage rounded up so a nearly full account never looks empty. */
    private static String quotaResponse(edu.hamburger.mail.core.api.QuotaUsage quota) {
        return "QUOTA \"\" (STORAGE " + (quota.usedBytes() + 1023) / 1024 + " " + quota.limitBytes() / 1024
                + (quota.limitMessages() == null ? "" : " MESSAGE " + quota.usedMessages() + " " + quota.limitMessages()) + ")";
    }

    private Uni<MailboxInfo> byName(Command c, String name) {
        return port.mailboxByName(c.account(), name).map(info -> {
            if (info == null) {
                throw new StoreException(ErrorCode.NOT_FOUND, "no mailbox " + ModifiedUtf7.encode(name));
            }
            return info;
        });
    }

    Uni<Next> status(Command c, StatusRequest request) {
        return byName(c, request.mailbox()).map(info -> {
            c.out().write(statusResponse(info, request.items(), c.session().utf8Names()));
            c.ok("STATUS completed");
            return Next.COMMAND;
        });
    }

    private static byte[] statusResponse(MailboxInfo info, List<String> items, boolean utf8Names) {
        List<String> values = new ArrayList<>();
        for (String item : items) {
            if (item.equals("MAILBOXID")) {
                values.add("MAILBOXID (" + ObjectIds.mailboxId(info.id()) + ")");
                continue;
            }
            long value = switch (item) {
                case "MESSAGES" -> info.messages();
                case "RECENT" -> info.recent();
                case "UIDNEXT" -> info.uidNext();
                case "UIDVALIDITY" -> info.uidValidity();
                case "UNSEEN" -> info.unseen();
                case "HIGHESTMODSEQ" -> info.highestModseq();
                case "DELETED" -> info.deleted();
                default -> info.size();
            };
            values.add(item + " " + value);
        }
        return Response.untagged().raw("STATUS ").mailbox(info.name(), utf8Names).space().raw("(").raw(String.join(" ", values)).raw(")").line();
    }

    /**
     * LIST and LSUB, with RFC 5258's selection options (SUBSCRIBED, REMOTE, RECURSIVEMATCH,
     * SPECIAL-USE), several patterns, and return options (SUBSCRIBED, CHILDREN, SPECIAL-USE, STATUS).
     * Subscriptions are names (RFC 3501 §6.3.6): a subscribed name without a mailbox is listed as
     * \NonExistent. A name that is not subscribed but has subscribed names below it that the pattern
     * does not reach is listed by LSUB as \Noselect (RFC 3501 §6.3.9) and by LIST (SUBSCRIBED
     * RECURSIVEMATCH) with CHILDINFO (RFC 5258 §3.5).
     */
    Uni<Next> list(Command c, ListRequest request) {
        boolean lsub = request.lsub();
        Set<String> selection = request.selection();
        Set<String> returns = request.returns();
        boolean onlySubscribed = lsub || selection.contains("SUBSCRIBED");
        boolean onlySpecialUse = selection.contains("SPECIAL-USE");
        boolean recursive = selection.contains("RECURSIVEMATCH");
        boolean showSubscribed = returns.contains("SUBSCRIBED") || selection.contains("SUBSCRIBED");
        List<String> status = request.statusItems();
        if (request.patterns().size() == 1 && request.patterns().get(0).isEmpty()) { // RFC 3501: the hierarchy delimiter and root
            c.out().untagged((lsub ? "LSUB" : "LIST") + " (\\Noselect) \"/\" \"\"");
            c.ok(c.name() + " completed");
            return Uni.createFrom().item(Next.COMMAND);
        }
        List<Pattern> matchers = request.patterns().stream().map(p -> toRegex(request.reference() + p)).toList();
        Predicate<String> matches = name -> matchers.stream().anyMatch(m -> m.matcher(name).matches());
        // a mailbox's own listing says whether it is subscribed; the names without a mailbox are
        // needed only when subscriptions select what is listed (asked for at once, beside the mailboxes)
        Uni<List<String>> subscriptions = onlySubscribed
                ? port.subscriptions(c.account()) : Uni.createFrom().item(List.of());
        return Uni.combine().all().unis(port.mailboxes(c.account()), subscriptions).combinedWith((all, subscribedNames) -> {
            Map<String, MailboxInfo> mailboxes = new HashMap<>();
            all.forEach(m -> mailboxes.put(m.name(), m));
            Set<String> subscribed = new HashSet<>(subscribedNames);
            Set<String> names = new TreeSet<>(MailboxCommands::inboxFirst);
            names.addAll(mailboxes.keySet());
            if (onlySubscribed) {
                names.clear();
                for (String name : subscribed) {
                    names.add(name);
                    for (int slash = name.indexOf(MailboxInfo.DELIMITER); slash > 0; slash = name.indexOf(MailboxInfo.DELIMITER, slash + 1)) {
                        names.add(name.substring(0, slash)); // a parent may stand for subscribed names below it
                    }
                }
            }
            for (String name : names) {
                if (!matches.test(name)) {
                    continue;
                }
                MailboxInfo box = mailboxes.get(name);
                boolean isSubscribed = box != null ? box.subscribed() : subscribed.contains(name);
                boolean childInfo = false;
                if (onlySubscribed && !isSubscribed) {
                    String below = name + MailboxInfo.DELIMITER;
                    boolean hidden = subscribed.stream().anyMatch(s -> s.startsWith(below) && !matches.test(s));
                    if (!hidden || !(lsub || recursive)) {
                        continue;
                    }
                    childInfo = !lsub;
                }
                if (onlySpecialUse && (box == null || box.specialUse() == null)) {
                    continue;
                }
                Set<String> attributes = new LinkedHashSet<>();
                if (lsub) {
                    if (!isSubscribed) {
                        attributes.add("\\Noselect");
                    }
                } else {
                    if (box == null) {
                        attributes.add("\\NonExistent");
                    } else {
                        String below = name + MailboxInfo.DELIMITER;
                        boolean children = mailboxes.keySet().stream().anyMatch(n -> n.startsWith(below));
                        attributes.add(children ? "\\HasChildren" : "\\HasNoChildren");
                        if (box.specialUse() != null) {
                            attributes.add(box.specialUse());
                        }
                    }
                    if (showSubscribed && isSubscribed) {
                        attributes.add("\\Subscribed");
                    }
                }
                Response line = Response.untagged().raw(lsub ? "LSUB " : "LIST ").list(new ArrayList<>(attributes))
                        .raw(" \"/\" ").mailbox(name, c.session().utf8Names());
                if (childInfo) {
                    line.raw(" (\"CHILDINFO\" (\"SUBSCRIBED\"))");
                }
                c.out().write(line.line());
                if (!status.isEmpty() && box != null) {
                    c.out().write(statusResponse(box, status, c.session().utf8Names()));
                }
            }
            c.ok(c.name() + " completed");
            return Next.COMMAND;
        });
    }

    /** INBOX first, then the names in order: as LIST has always answered. */
    private static int inboxFirst(String a, String b) {
        boolean aInbox = a.equals(MailboxInfo.INBOX);
        boolean bInbox = b.equals(MailboxInfo.INBOX);
        return aInbox == bInbox ? a.compareTo(b) : aInbox ? -1 : 1;
    }

    /** A LIST pattern as a regular expression: '*' matches anything, '%' anything but the delimiter. */
    static Pattern toRegex(String pattern) {
        StringBuilder regex = new StringBuilder();
        String rest = pattern;
        if (rest.regionMatches(true, 0, "INBOX", 0, 5) && (rest.length() == 5 || rest.charAt(5) == '/')) {
            regex.append("INBOX"); // INBOX is case-insensitive, the other names are not
            rest = rest.substring(5);
        }
        StringBuilder literal = new StringBuilder();
        for (char ch : rest.toCharArray()) {
            if (ch == '*' || ch == '%') {
                regex.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
                regex.append(ch == '*' ? ".*" : "[^/]*");
            } else {
                literal.append(ch);
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** APPEND mailbox [(flags)] [date-time] literal: APPENDUID (UIDPLUS), TRYCREATE for a missing mailbox. */
    Uni<Next> append(Command c, AppendRequest request) {
        byte[] message = request.message();
        if (message.length == 0) {
            c.no("[CANNOT] empty message");
            return Uni.createFrom().item(Next.COMMAND);
        }
        if (message.length > appendLimit) {
            c.no("[TOOBIG] message larger than APPENDLIMIT");
            return Uni.createFrom().item(Next.COMMAND);
        }
        String name = request.mailbox();
        return port.mailboxByName(c.account(), name).chain(info -> {
            if (info == null) {
                c.no("[TRYCREATE] no mailbox " + ModifiedUtf7.encode(name));
                return Uni.createFrom().item(Next.COMMAND);
            }
            return port.append(c.account(), info.id(), message, request.flags(), request.internalDate()).chain(result -> {
                SelectedMailbox selected = c.session().selected();
                Uni<Void> update = Uni.createFrom().voidItem();
                if (selected != null && selected.id() == info.id()) {
                    c.session().changed();
                    update = updates.report(c.session(), c.out(), true);
                }
                return update.map(v -> {
                    c.ok("[APPENDUID " + result.uidValidity() + " " + result.uid() + "] APPEND completed");
                    return Next.COMMAND;
                });
            });
        });
    }
}

package edu.hamburger.mail.imap.protocol;

import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.api.StoreException;
import edu.hamburger.mail.core.api.FlagChange;
import edu.hamburger.mail.core.api.FlagChangeResult;
import edu.hamburger.mail.core.api.MessageSummary;
import edu.hamburger.mail.core.api.SearchKey;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Commands on the selected mailbox's messages: FETCH, STORE, COPY, MOVE, EXPUNGE, SEARCH (each
 * also as UID command), CLOSE and UNSELECT.
 */
final class MessageCommands {

    /** Messages fetched from the store per round trip. */
    static final int BATCH = 500;
    private static final DateTimeFormatter INTERNAL_DATE =
            DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final MailboxPort port;
    private final MailboxUpdates updates;
    private final ContentCache cache;

    MessageCommands(MailboxPort port, MailboxUpdates updates, ContentCache cache) {
        this.port = port;
        this.updates = updates;
        this.cache = cache;
    }

    // ---- FETCH ----

    Uni<Next> fetch(Command c, FetchRequest fetch) {
        FetchItems request = fetch.items();
        String set = fetch.set();
        SelectedMailbox box = c.session().selected();
        long[] uids = box.resolve(set, c.uid());
        if (fetch.usesModseq()) {
            c.enable(Capability.CONDSTORE);
        }
        if (request.changedSince() != null) {
            long since = request.changedSince();
            uids = Arrays.stream(uids).filter(uid -> box.modseq(box.msn(uid)) > since).toArray();
        }
        long[] selected = uids;
        Uni<Void> vanished = Uni.createFrom().voidItem();
        if (request.vanished() && c.uid() && request.changedSince() != null && c.session().enabled(Capability.QRESYNC)) {
            long[] range = box.resolve(set, true);
            vanished = port.expunged(c.account(), box.id(), request.changedSince()).invoke(gone -> {
                List<Long> inSet = gone.stream().filter(uid -> range.length > 0 && uid >= range[0]).toList();
                if (!inSet.isEmpty()) {
                    c.out().untagged("VANISHED (EARLIER) " + UidRanges.format(inSet));
                }
            }).replaceWithVoid();
        }
        List<long[]> batches = new ArrayList<>();
        for (int i = 0; i < selected.length; i += BATCH) {
            batches.add(Arrays.copyOfRange(selected, i, Math.min(selected.length, i + BATCH)));
        }
        MailboxUpdates.announceKeywords(box, c.out()); // a keyword set by an earlier STORE .SILENT
        return vanished.chain(() -> Multi.createFrom().iterable(batches)
                .onItem().transformToUniAndConcatenate(batch -> fetchBatch(c, box, request, batch))
                .collect().last())
                .chain(() -> updates.report(c.session(), c.out(), c.uid()))
                .map(v -> {
                    c.ok((c.uid() ? "UID " : "") + "FETCH completed");
                    return Next.COMMAND;
                });
    }

    private Uni<Void> fetchBatch(Command c, SelectedMailbox box, FetchItems request, long[] uids) {
        if (!request.needsSummary() && request.contentItems().isEmpty()) {
            // FLAGS, UID, MODSEQ: all in the session's view; written as one block per batch
            java.io.ByteArrayOutputStream block = new java.io.ByteArrayOutputStream(uids.length * 48);
            for (long uid : uids) {
                int msn = box.msn(uid);
                if (msn > 0) {
                    block.writeBytes(line(c, box, request, uid, msn, null, List.of(), false));
                }
            }
            c.out().write(block.toByteArray());
            return Uni.createFrom().voidItem();
        }
        String include = request.needsStructure() ? "structure" : request.needsEnvelope() ? "envelope" : null;
        Uni<Map<Long, MessageSummary>> summaries = request.needsSummary() ? summaries(c, box, uids, include) : Uni.createFrom().item(Map.of());
        Uni<Set<Long>> seen = markSeen(c, box, request, uids);
        return summaries.chain(byUid -> seen.chain(nowSeen -> Multi.createFrom().items(Arrays.stream(uids).boxed())
                .onItem().transformToUniAndConcatenate(uid -> respond(c, box, request, uid, byUid.get(uid), nowSeen.contains(uid)))
                .collect().last().replaceWithVoid()));
    }

    /** Sizes, dates, envelopes and structures never change for a UID: the cache answers, the store fills the gaps. */
    private Uni<Map<Long, MessageSummary>> summaries(Command c, SelectedMailbox box, long[] uids, String include) {
        Map<Long, MessageSummary> byUid = new HashMap<>();
        long[] missing = Arrays.stream(uids).filter(uid -> {
            MessageSummary cached = cache.summary(c.account(), box, uid, include);
            if (cached != null) {
                byUid.put(uid, cached);
            }
            return cached == null;
        }).toArray();
        if (missing.length == 0) {
            return Uni.createFrom().item(byUid);
        }
        return port.summaries(c.account(), box.id(), UidRanges.format(missing, false), null, include).map(list -> {
            for (MessageSummary summary : list) {
                byUid.put(summary.uid(), summary);
                cache.putSummary(c.account(), box, summary, include);
            }
            return byUid;
        });
    }

    /** A non-PEEK body fetch sets \Seen (RFC 3501 §6.4.5), and the response then carries the new FLAGS. */
    /** The UIDs this fetch gave \Seen; the session's view already holds their new flags. */
    private Uni<Set<Long>> markSeen(Command c, SelectedMailbox box, FetchItems request, long[] uids) {
        if (!request.setsSeen() || box.readOnly()) {
            return Uni.createFrom().item(Set.of());
        }
        long[] unseen = Arrays.stream(uids).filter(uid -> box.flags(box.msn(uid)).stream().noneMatch("\\Seen"::equalsIgnoreCase)).toArray();
        if (unseen.length == 0) {
            return Uni.createFrom().item(Set.of());
        }
        return port.changeFlags(c.account(), box.id(), new FlagChange(UidRanges.format(unseen, false), FlagChange.Mode.ADD,
                List.of("\\Seen"), null)).map(result -> {
                    Set<Long> changed = new HashSet<>();
                    for (FlagChangeResult.MessageFlags flags : result.changed()) {
                        box.update(new MessageSummary(flags.uid(), flags.flags(), flags.modseq(), null, 0, null, null, 0, null, null));
                        changed.add(flags.uid());
                    }
                    return changed;
                });
    }

    private Uni<Void> respond(Command c, SelectedMailbox box, FetchItems request, long uid, MessageSummary summary,
            boolean nowSeen) {
        int msn = box.msn(uid);
        if (msn == 0) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<byte[]>> sections = new ArrayList<>();
        for (FetchItems.Item item : request.contentItems()) {
            sections.add(item instanceof FetchItems.BinarySize size
                    ? sectionBytes(c, box, uid, new FetchItems.Section(size.responseName(), size.path(), "binary", null, false, true, -1, -1))
                    : sectionBytes(c, box, uid, (FetchItems.Section) item));
        }
        Uni<List<byte[]>> contents = sections.isEmpty() ? Uni.createFrom().item(List.of())
                : Multi.createFrom().iterable(sections).onItem().transformToUniAndConcatenate(u -> u).collect().asList();
        return contents.map(bodies -> {
            c.out().write(line(c, box, request, uid, msn, summary, bodies, nowSeen));
            return null;
        });
    }

    /** One FETCH response line. */
    private static byte[] line(Command c, SelectedMailbox box, FetchItems request, long uid, int msn, MessageSummary summary,
            List<byte[]> bodies, boolean nowSeen) {
        {
            Response out = Response.untagged().raw(msn).raw(" FETCH (");
            boolean first = true;
            if (c.uid() && !request.has("UID")) {
                out.raw("UID ").raw(uid);
                first = false;
            }
            int body = 0;
            for (FetchItems.Item item : request.items()) {
                if (!first) {
                    out.space();
                }
                first = false;
                if (item instanceof FetchItems.Section section) {
                    byte[] content = bodies.get(body++);
                    out.raw(section.responseName()).space();
                    if (section.part().equals("binary")) {
                        out.literal8(content); // RFC 3516: a literal8 where the decoded part holds NUL
                    } else {
                        out.literal(content);
                    }
                } else if (item instanceof FetchItems.BinarySize size) {
                    out.raw(size.responseName()).space().raw(bodies.get(body++).length);
                } else {
                    simple(out, ((FetchItems.Simple) item).name(), box, msn, uid, summary);
                }
            }
            if (nowSeen && !request.has("FLAGS")) {
                out.raw(" FLAGS ").list(box.flags(msn));
            }
            if (c.session().condstore() && !request.has("MODSEQ")) {
                out.raw(" MODSEQ (").raw(box.modseq(msn)).raw(")");
            }
            return out.raw(")").line();
        }
    }

    private static void simple(Response out, String name, SelectedMailbox box, int msn, long uid, MessageSummary summary) {
        switch (name) {
            case "UID" -> out.raw("UID ").raw(uid);
            case "FLAGS" -> out.raw("FLAGS ").list(box.flags(msn));
            case "MODSEQ" -> out.raw("MODSEQ (").raw(box.modseq(msn)).raw(")");
            case "EMAILID" -> out.raw("EMAILID (").raw(ObjectIds.emailId(summary == null ? 0 : summary.emailId())).raw(")");
            case "THREADID" -> out.raw("THREADID NIL");
            case "RFC822.SIZE" -> out.raw("RFC822.SIZE ").raw(summary == null ? 0 : summary.size());
            case "INTERNALDATE" -> out.raw("INTERNALDATE \"")
                    .raw(summary == null ? "01-Jan-1970 00:00:00 +0000" : INTERNAL_DATE.format(summary.internalDate())).raw("\"");
            case "ENVELOPE" -> {
                out.raw("ENVELOPE ");
                StructureWriter.envelope(out, summary == null ? null : summary.envelope());
            }
            case "BODYSTRUCTURE" -> {
                out.raw("BODYSTRUCTURE ");
                StructureWriter.body(out, summary == null ? null : summary.bodyStructure(), true);
            }
            default -> { // BODY
                out.raw("BODY ");
                StructureWriter.body(out, summary == null ? null : summary.bodyStructure(), false);
            }
        }
    }

    private Uni<byte[]> sectionBytes(Command c, SelectedMailbox box, long uid, FetchItems.Section section) {
        boolean filtered = section.fields() != null;
        long offset = filtered || section.offset() < 0 ? 0 : section.offset();
        long length = filtered || section.offset() < 0 ? -1 : section.length();
        byte[] cached = cache.section(c.account(), box, uid, section.path(), section.part(), offset, length);
        Uni<byte[]> content = cached != null ? Uni.createFrom().item(cached)
                : port.section(c.account(), box.id(), uid, section.path(), section.part(), offset, length)
                        .invoke(bytes -> cache.putSection(c.account(), box, uid, section.path(), section.part(), offset, length, bytes));
        return content
                .onFailure(e -> e instanceof StoreException refused && refused.code() == ErrorCode.NOT_FOUND).recoverWithItem(e -> new byte[0]) // no such part: empty (RFC 3501 allows "")
                .map(bytes -> {
                    if (!filtered) {
                        return bytes;
                    }
                    byte[] selected = HeaderFields.select(bytes, section.fields(), section.notFields());
                    if (section.offset() < 0) {
                        return selected;
                    }
                    int from = (int) Math.min(section.offset(), selected.length);
                    int to = (int) Math.min(selected.length, from + section.length());
                    return Arrays.copyOfRange(selected, from, to);
                });
    }

    // ---- STORE ----

    Uni<Next> store(Command c, StoreRequest request) {
        if (request.unchangedSince() != null) {
            c.enable(Capability.CONDSTORE);
        }
        Long unchangedSince = request.unchangedSince();
        FlagChange.Mode mode = request.mode();
        boolean silent = request.silent();
        List<String> flags = request.flags();
        String set = request.set();
        SelectedMailbox box = c.session().selected();
        if (box.readOnly()) {
            c.no("[READ-ONLY] the mailbox is selected with EXAMINE");
            return Uni.createFrom().item(Next.COMMAND);
        }
        long[] uids = box.resolve(set, c.uid());
        if (uids.length == 0) {
            c.ok("STORE completed (nothing to change)");
            return Uni.createFrom().item(Next.COMMAND);
        }
        return port.changeFlags(c.account(), box.id(), new FlagChange(UidRanges.format(uids, false), mode, flags, unchangedSince))
                .chain(result -> {
                    for (FlagChangeResult.MessageFlags changed : result.changed()) {
                        box.update(new MessageSummary(changed.uid(), changed.flags(), changed.modseq(), null, 0, null, null, 0, null, null));
                        int msn = box.msn(changed.uid());
                        if (msn == 0) {
                            continue;
                        }
                        if (!silent) {
                            MailboxUpdates.announceKeywords(box, c.out());
                            c.out().write(MailboxUpdates.flagsResponse(c.session(), box, msn));
                        } else if (c.session().condstore()) {
                            c.out().write(Response.untagged().raw(msn).raw(" FETCH (UID ").raw(changed.uid()).raw(" MODSEQ (")
                                    .raw(changed.modseq()).raw("))").line());
                        }
                    }
                    if (!result.changed().isEmpty() && result.highestModseq() == box.reportedModseq() + 1) {
                        // this STORE took the very next modseq: nothing else was committed since the
                        // last report, so the change event it causes need not fetch what it changed
                        box.reported(result.highestModseq());
                    }
                    return updates.report(c.session(), c.out(), c.uid()).map(v -> {
                        List<Long> modified = result.modified() == null ? List.of() : result.modified();
                        if (!modified.isEmpty()) {
                            String failed = c.uid() ? UidRanges.format(modified)
                                    : UidRanges.format(modified.stream().map(uid -> (long) box.msn(uid)).toList());
                            c.ok("[MODIFIED " + failed + "] conditional STORE failed for some messages");
                        } else {
                            c.ok((c.uid() ? "UID " : "") + "STORE completed");
                        }
                        return Next.COMMAND;
                    });
                });
    }

    // ---- COPY / MOVE ----

    Uni<Next> copy(Command c, CopyMoveRequest request) {
        boolean move = request.move();
        String set = request.set();
        String target = request.target();
        SelectedMailbox box = c.session().selected();
        if (move && box.readOnly()) {
            c.no("[READ-ONLY] the mailbox is selected with EXAMINE");
            return Uni.createFrom().item(Next.COMMAND);
        }
        long[] uids = box.resolve(set, c.uid());
        return port.mailboxByName(c.account(), target).chain(info -> {
            if (info == null) {
                c.no("[TRYCREATE] no mailbox " + ModifiedUtf7.encode(target));
                return Uni.createFrom().item(Next.COMMAND);
            }
            if (uids.length == 0) {
                c.ok(c.name() + " completed (nothing to " + c.name().toLowerCase(Locale.ROOT) + ")");
                return Uni.createFrom().item(Next.COMMAND);
            }
            return port.copy(c.account(), box.id(), UidRanges.format(uids, false), info.id(), move).chain(result -> {
                String copyUid = "COPYUID " + result.uidValidity() + " "
                        + UidRanges.format(result.sourceUids().stream().mapToLong(Long::longValue).toArray(), true) + " "
                        + UidRanges.format(result.targetUids().stream().mapToLong(Long::longValue).toArray(), true);
                if (info.id() == box.id()) {
                    c.session().changed(); // the messages arrived in the selected mailbox: report them now, as APPEND does
                }
                if (!move) {
                    return updates.report(c.session(), c.out(), c.uid()).map(v -> {
                        c.ok("[" + copyUid + "] " + (c.uid() ? "UID " : "") + "COPY completed");
                        return Next.COMMAND;
                    });
                }
                c.out().untagged("OK [" + copyUid + "] moved");
                expunged(c, box, result.sourceUids());
                return updates.report(c.session(), c.out(), true).map(v -> {
                    c.ok((c.uid() ? "UID " : "") + "MOVE completed");
                    return Next.COMMAND;
                });
            });
        });
    }

    /** EXPUNGE responses (or VANISHED with QRESYNC) for messages this session removed. */
    private static void expunged(Command c, SelectedMailbox box, List<Long> uids) {
        List<Long> gone = new ArrayList<>();
        for (long uid : uids.stream().sorted().toList()) {
            int msn = box.remove(uid);
            if (msn > 0) {
                if (c.session().enabled(Capability.QRESYNC)) {
                    gone.add(uid);
                } else {
                    c.out().untagged(msn + " EXPUNGE");
                }
            }
        }
        if (!gone.isEmpty()) {
            c.out().untagged("VANISHED " + UidRanges.format(gone));
        }
    }

    // ---- EXPUNGE, CLOSE, UNSELECT ----

    Uni<Next> expunge(Command c, ExpungeRequest request) {
        String set = request.uids();
        SelectedMailbox box = c.session().selected();
        if (box.readOnly()) {
            c.no("[READ-ONLY] the mailbox is selected with EXAMINE");
            return Uni.createFrom().item(Next.COMMAND);
        }
        String uids = set == null ? null : UidRanges.format(box.resolve(set, true), false);
        if (uids != null && uids.isEmpty()) {
            c.ok("EXPUNGE completed (nothing to expunge)");
            return Uni.createFrom().item(Next.COMMAND);
        }
        return port.expunge(c.account(), box.id(), uids).chain(result -> {
            expunged(c, box, result.uids());
            // not advanced to the expunge's modseq first: other sessions' expunges before it would be skipped
            return updates.sync(c.session(), c.out()).map(v -> {
                box.advance(result.highestModseq(), 0);
                c.ok((c.session().condstore() ? "[HIGHESTMODSEQ " + box.highestModseq() + "] " : "") + "EXPUNGE completed");
                return Next.COMMAND;
            });
        });
    }

    /** CLOSE and UNSELECT. */
    Uni<Next> close(Command c, ImapRequest.NoArguments request) {
        SelectedMailbox box = c.session().selected();
        c.session().select(null);
        if (c.name().equals("UNSELECT") || box.readOnly()) {
            c.ok(c.name() + " completed");
            return Uni.createFrom().item(Next.COMMAND);
        }
        // CLOSE expunges silently (RFC 3501 §6.4.2)
        return port.expunge(c.account(), box.id(), null).map(result -> {
            c.ok("CLOSE completed");
            return Next.COMMAND;
        });
    }

    // ---- SEARCH ----

    Uni<Next> search(Command c, SearchRequest request) {
        SelectedMailbox box = c.session().selected();
        if (request.saves()) {
            box.saveResult(new long[0]); // a SEARCH that fails leaves "$" empty (RFC 5182 §2.1), not the older result
        }
        if (refusedCharset(c, request.unsupportedCharset())) {
            return Uni.createFrom().item(Next.COMMAND);
        }
        SearchKey key = request.key();
        if (request.usesModseq()) {
            c.enable(Capability.CONDSTORE);
        }
        return port.search(c.account(), box.id(), key).chain(uids -> {
            List<Long> known = uids.stream().filter(uid -> box.msn(uid) > 0).toList();
            if (request.saves()) {
                box.saveResult(request.saved(known).stream().mapToLong(Long::longValue).toArray());
            }
            Shown shown = shown(c, box, known);
            if (request.extended()) {
                c.out().untagged(esearch(c, request.returnOptions(), request.usesModseq(), shown));
            } else if (request.returnOptions() == null && c.session().rev2()) {
                // IMAP4rev2 has no "* SEARCH": a SEARCH without RETURN is answered as RETURN (ALL) (RFC 9051 §6.4.4)
                c.out().untagged(esearch(c, java.util.Set.of("ALL"), request.usesModseq(), shown));
            } else if (!request.saves()) {
                c.out().untagged(listing("SEARCH", shown, request.usesModseq()));
            }
            return completed(c, "SEARCH");
        });
    }

    /** The numbers a UID or plain command shows for these UIDs, in their order, with each one's modseq. */
    private record Shown(List<Long> numbers, List<Long> modseqs) {

        long highestModseq() {
            return modseqs.stream().mapToLong(Long::longValue).max().orElse(0);
        }

        long modseqOf(long number) {
            return modseqs.get(numbers.indexOf(number));
        }
    }

    private static Shown shown(Command c, SelectedMailbox box, List<Long> uids) {
        List<Long> numbers = new ArrayList<>(uids.size());
        List<Long> modseqs = new ArrayList<>(uids.size());
        for (long uid : uids) {
            int msn = box.msn(uid);
            if (msn == 0) {
                continue; // arrived after this session last looked: not reported yet
            }
            numbers.add(c.uid() ? uid : msn);
            modseqs.add(box.modseq(msn));
        }
        return new Shown(numbers, modseqs);
    }

    /** "SEARCH 2 4 5" or "SORT 5 2 4", with RFC 7162's "(MODSEQ n)" when the criteria used MODSEQ. */
    private static String listing(String name, Shown shown, boolean usesModseq) {
        StringBuilder line = new StringBuilder(name);
        shown.numbers().forEach(n -> line.append(' ').append(n));
        if (usesModseq && shown.highestModseq() > 0) {
            line.append(" (MODSEQ ").append(shown.highestModseq()).append(')');
        }
        return line.toString();
    }

    /** RFC 4731: "* ESEARCH (TAG "t") [UID] MIN n MAX n COUNT n ALL set", what was asked for; MIN, MAX, ALL left out when nothing matched. */
    private static String esearch(Command c, java.util.Set<String> options, boolean usesModseq, Shown shown) {
        List<Long> numbers = shown.numbers();
        // a tag has no quote or backslash (RFC 3501's ABNF), so it is quoted as it is
        StringBuilder line = new StringBuilder("ESEARCH (TAG \"").append(c.tag()).append("\")");
        if (c.uid()) {
            line.append(" UID");
        }
        if (!numbers.isEmpty()) {
            if (options.contains("MIN")) {
                line.append(" MIN ").append(numbers.stream().mapToLong(Long::longValue).min().getAsLong());
            }
            if (options.contains("MAX")) {
                line.append(" MAX ").append(numbers.stream().mapToLong(Long::longValue).max().getAsLong());
            }
        }
        if (options.contains("COUNT")) {
            line.append(" COUNT ").append(numbers.size());
        }
        if (options.contains("ALL") && !numbers.isEmpty()) {
            line.append(" ALL ").append(UidRanges.format(numbers));
        }
        long modseq = returnedModseq(options, shown);
        if (usesModseq && modseq > 0) {
            line.append(" MODSEQ ").append(modseq);
        }
        return line.toString();
    }

    /**
     * The highest modseq of the messages the ESEARCH returns (RFC 7162 §3.1.5): of all matches
     * when ALL or COUNT is asked for, else only of the messages MIN and MAX name.
     */
    private static long returnedModseq(java.util.Set<String> options, Shown shown) {
        List<Long> numbers = shown.numbers();
        if (numbers.isEmpty() || options.contains("ALL") || options.contains("COUNT")) {
            return shown.highestModseq();
        }
        long highest = 0;
        if (options.contains("MIN")) {
            highest = shown.modseqOf(numbers.stream().mapToLong(Long::longValue).min().getAsLong());
        }
        if (options.contains("MAX")) {
            highest = Math.max(highest, shown.modseqOf(numbers.stream().mapToLong(Long::longValue).max().getAsLong()));
        }
        return highest;
    }

    // ---- SORT and THREAD (RFC 5256) ----

    Uni<Next> sort(Command c, OrderingRequest request) {
        if (refusedCharset(c, request.unsupportedCharset())) {
            return Uni.createFrom().item(Next.COMMAND);
        }
        SelectedMailbox box = c.session().selected();
        if (request.usesModseq()) {
            c.enable(Capability.CONDSTORE);
        }
        return port.sort(c.account(), box.id(), new edu.hamburger.mail.core.api.SortRequest(request.criteria(), request.key()))
                .chain(uids -> {
                    c.out().untagged(listing("SORT", shown(c, box, uids), request.usesModseq()));
                    return completed(c, "SORT");
                });
    }

    Uni<Next> thread(Command c, OrderingRequest request) {
        if (refusedCharset(c, request.unsupportedCharset())) {
            return Uni.createFrom().item(Next.COMMAND);
        }
        SelectedMailbox box = c.session().selected();
        return port.thread(c.account(), box.id(), new edu.hamburger.mail.core.api.ThreadRequest(request.algorithm(), request.key()))
                .chain(threads -> {
                    String list;
                    try {
                        list = ThreadWriter.write(threads, uid -> {
                            int msn = box.msn(uid);
                            return msn == 0 ? 0 : c.uid() ? uid : msn;
                        });
                    } catch (StackOverflowError tooDeep) {
                        c.no("[LIMIT] threads nested too deeply to answer");
                        return Uni.createFrom().item(Next.COMMAND);
                    }
                    c.out().untagged(list.isEmpty() ? "THREAD" : "THREAD " + list);
                    return completed(c, "THREAD");
                });
    }

    /** SEARCH, SORT and THREAD name a charset; one this server does not read is answered NO [BADCHARSET]. */
    private static boolean refusedCharset(Command c, String unsupportedCharset) {
        if (unsupportedCharset == null) {
            return false;
        }
        c.no("[BADCHARSET (UTF-8 US-ASCII)] unsupported charset " + ImapProtocol.printable(unsupportedCharset));
        return true;
    }

    private Uni<Next> completed(Command c, String name) {
        return updates.report(c.session(), c.out(), c.uid()).map(v -> {
            c.ok((c.uid() ? "UID " : "") + name + " completed");
            return Next.COMMAND;
        });
    }
}

package edu.hamburger.mail.imap.protocol;

import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * IMAP4rev1 (RFC 3501) with IDLE, UIDPLUS, MOVE, NAMESPACE, SPECIAL-USE, LIST-EXTENDED basics,
 * ENABLE, ID, UNSELECT, LITERAL+, SASL-IR, CONDSTORE and QRESYNC: the table from command name to
 * handler, the checks of which state allows what, and the untagged updates a session owes its
 * client. The handlers live in {@link AuthCommands}, {@link MailboxCommands} and
 * {@link MessageCommands}; none of them sees a socket.
 */
public final class ImapProtocol {

    private static final Logger LOG = Logger.getLogger(ImapProtocol.class);

    /** Settings the protocol needs from configuration. */
    public record Policy(String hostname, boolean allowPlaintextAuthOnLoopback, int maxAuthFailures,
            java.time.Duration failedLoginDelay, long appendLimit, long cacheBytes) {
    }

    private static final Set<String> ANY_STATE = Set.of("CAPABILITY", "NOOP", "LOGOUT", "ID");
    private static final Set<String> NOT_AUTHENTICATED = Set.of("STARTTLS", "LOGIN", "AUTHENTICATE");
    private static final Set<String> SELECTED_ONLY = Set.of("CHECK", "CLOSE", "UNSELECT", "EXPUNGE", "SEARCH", "FETCH",
            "STORE", "COPY", "MOVE", "UID");

    private final Policy policy;
    private final AuthCommands auth;
    private final MailboxCommands mailboxes;
    private final MessageCommands messages;
    private final MailboxUpdates updates;

    public ImapProtocol(Policy policy, MailboxPort port) {
        this.policy = policy;
        this.updates = new MailboxUpdates(port);
        this.auth = new AuthCommands(policy, port, this);
        this.mailboxes = new MailboxCommands(port, updates, policy.appendLimit());
        this.messages = new MessageCommands(port, updates, new ContentCache(50_000, policy.cacheBytes(), 1 << 20));
    }

    public byte[] greeting(ImapSession session) {
        return Response.untagged().raw("OK [CAPABILITY ").raw(capabilities(session)).raw("] ")
                .raw(policy.hostname()).raw(" IMAP4rev1 ready").line();
    }

    /** What the server offers now: STARTTLS and LOGINDISABLED before TLS, AUTH only where a password may be sent. */
    public String capabilities(ImapSession session) {
        StringBuilder caps = new StringBuilder("IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE UNSELECT UIDPLUS MOVE"
                + " SPECIAL-USE LIST-EXTENDED LIST-STATUS CHILDREN CONDSTORE QRESYNC APPENDLIMIT=" + policy.appendLimit());
        if (session.state() == ImapSession.State.NOT_AUTHENTICATED) {
            if (!session.tls() && session.tlsAvailable()) {
                caps.append(" STARTTLS");
            }
            if (passwordsAllowed(session)) {
                caps.append(" AUTH=PLAIN");
            } else {
                caps.append(" LOGINDISABLED");
            }
        }
        return caps.toString();
    }

    boolean passwordsAllowed(ImapSession session) {
        return session.tls() || (policy.allowPlaintextAuthOnLoopback() && session.loopback());
    }

    /** One complete command (literals included). Never fails: errors become tagged NO/BAD. */
    public Uni<Next> command(ImapSession session, byte[] line, ImapOutput out) {
        ImapArguments args = new ImapArguments(line);
        String tag;
        String name;
        try {
            tag = args.atom();
            if (tag.equals("+") || tag.isEmpty()) {
                throw new ImapSyntaxException("bad tag");
            }
            args.space();
            name = args.atom().toUpperCase(Locale.ROOT);
        } catch (ImapSyntaxException e) {
            out.write(Response.untagged().raw("BAD ").raw(e.getMessage()).line());
            return Uni.createFrom().item(Next.COMMAND);
        }
        boolean uid = false;
        if (name.equals("UID")) {
            try {
                args.space();
                name = args.atom().toUpperCase(Locale.ROOT);
                uid = true;
            } catch (ImapSyntaxException e) {
                out.write(Response.tagged(tag).raw("BAD ").raw(e.getMessage()).line());
                return Uni.createFrom().item(Next.COMMAND);
            }
        }
        Command command = new Command(session, tag, name, uid, args, out);
        String refusal = stateRefusal(session, name, uid);
        if (refusal != null) {
            command.bad(refusal);
            return Uni.createFrom().item(Next.COMMAND);
        }
        Uni<Next> result;
        try {
            result = dispatch(command);
        } catch (ImapSyntaxException e) {
            command.bad(e.getMessage());
            return Uni.createFrom().item(Next.COMMAND);
        }
        return result.onFailure().recoverWithItem(failure -> {
            if (failure instanceof ImapSyntaxException syntax) {
                command.bad(syntax.getMessage());
            } else if (failure instanceof MailboxPortException refused) {
                command.no(responseCode(refused.status()) + printable(refused.getMessage()));
            } else {
                LOG.errorf(failure, "%s: %s failed", session.id(), command.name());
                command.no("[SERVERBUG] internal error, try again");
            }
            return Next.COMMAND;
        });
    }

    private String stateRefusal(ImapSession session, String name, boolean uid) {
        if (uid && !Set.of("FETCH", "STORE", "COPY", "MOVE", "SEARCH", "EXPUNGE").contains(name)) {
            return "UID " + name + " is not a command";
        }
        if (ANY_STATE.contains(name)) {
            return null;
        }
        ImapSession.State state = session.state();
        if (NOT_AUTHENTICATED.contains(name)) {
            return state == ImapSession.State.NOT_AUTHENTICATED ? null : "already authenticated";
        }
        if (state == ImapSession.State.NOT_AUTHENTICATED) {
            return "log in first";
        }
        if ((SELECTED_ONLY.contains(name) || uid) && state != ImapSession.State.SELECTED) {
            return "select a mailbox first";
        }
        return null;
    }

    private Uni<Next> dispatch(Command c) {
        return switch (c.name()) {
            case "CAPABILITY" -> {
                c.args().end();
                c.out().untagged("CAPABILITY " + capabilities(c.session()));
                c.ok("CAPABILITY completed");
                yield done();
            }
            case "NOOP", "CHECK" -> {
                c.args().end();
                yield updates.report(c.session(), c.out(), true).map(v -> {
                    c.ok(c.name() + " completed");
                    return Next.COMMAND;
                });
            }
            case "LOGOUT" -> {
                c.args().end();
                c.out().untagged("BYE " + policy.hostname() + " logging out");
                c.ok("LOGOUT completed");
                c.session().logout();
                yield Uni.createFrom().item(Next.CLOSE);
            }
            case "ID" -> {
                c.args().space();
                if (!c.args().word("NIL")) {
                    c.args().expect('(');
                    int pairs = 0;
                    while (!c.args().consume(')')) {
                        if (pairs++ > 60) {
                            throw new ImapSyntaxException("too many ID fields");
                        }
                        c.args().optionalSpace();
                        c.args().string();
                        c.args().space();
                        c.args().nstring();
                    }
                }
                c.args().end();
                c.out().untagged("ID (\"name\" \"hamburger-mail imap-gateway\" \"vendor\" \"hamburger.edu\")");
                c.ok("ID completed");
                yield done();
            }
            case "ENABLE" -> enable(c);
            case "STARTTLS" -> auth.startTls(c);
            case "LOGIN" -> auth.login(c);
            case "AUTHENTICATE" -> auth.authenticate(c);
            case "SELECT", "EXAMINE" -> mailboxes.select(c);
            case "CREATE" -> mailboxes.create(c);
            case "DELETE" -> mailboxes.delete(c);
            case "RENAME" -> mailboxes.rename(c);
            case "SUBSCRIBE", "UNSUBSCRIBE" -> mailboxes.subscribe(c);
            case "LIST", "LSUB" -> mailboxes.list(c);
            case "NAMESPACE" -> {
                c.args().end();
                c.out().untagged("NAMESPACE ((\"\" \"/\")) NIL NIL");
                c.ok("NAMESPACE completed");
                yield done();
            }
            case "STATUS" -> mailboxes.status(c);
            case "APPEND" -> mailboxes.append(c);
            case "IDLE" -> {
                c.args().end();
                c.out().write("+ idling\r\n".getBytes(StandardCharsets.US_ASCII));
                yield updates.report(c.session(), c.out(), true).map(v -> Next.idle(c.tag()));
            }
            case "CLOSE", "UNSELECT" -> messages.close(c);
            case "EXPUNGE" -> messages.expunge(c);
            case "SEARCH" -> messages.search(c);
            case "FETCH" -> messages.fetch(c);
            case "STORE" -> messages.store(c);
            case "COPY", "MOVE" -> messages.copy(c);
            default -> {
                c.bad("unknown command " + c.name());
                yield done();
            }
        };
    }

    private Uni<Next> enable(Command c) {
        StringBuilder enabled = new StringBuilder("ENABLED");
        while (c.args().optionalSpace()) {
            String extension = c.args().atom().toUpperCase(Locale.ROOT);
            if ((extension.equals("CONDSTORE") || extension.equals("QRESYNC")) && !c.session().enabled(extension)) {
                c.session().enable(extension);
                if (extension.equals("QRESYNC")) {
                    c.session().enable("CONDSTORE");
                }
                enabled.append(' ').append(extension);
            }
        }
        c.out().untagged(enabled.toString());
        c.ok("ENABLE completed");
        return done();
    }

    /** While in IDLE: report what changed. */
    public Uni<Void> idleUpdate(ImapSession session, ImapOutput out) {
        return updates.report(session, out, true).onFailure().recoverWithItem(e -> {
            LOG.debugf("%s: IDLE update failed: %s", session.id(), e.toString());
            return null;
        });
    }

    /** The client said DONE (or something else) to end IDLE. */
    public void idleDone(ImapSession session, String tag, byte[] line, ImapOutput out) {
        String text = new String(line, StandardCharsets.US_ASCII).trim();
        if (text.equalsIgnoreCase("DONE")) {
            out.write(Response.tagged(tag).raw("OK IDLE terminated").line());
        } else {
            out.write(Response.tagged(tag).raw("BAD expected DONE").line());
        }
    }

    /** The connection went away. */
    public void dropped(ImapSession session) {
        session.onChange(null);
    }

    static String responseCode(int status) {
        return switch (status) {
            case 404 -> "[NONEXISTENT] ";
            case 409 -> "[ALREADYEXISTS] ";
            case 413 -> "[TOOBIG] ";
            case 507 -> "[OVERQUOTA] ";
            case 400 -> "[CANNOT] ";
            default -> "[UNAVAILABLE] ";
        };
    }

    static String printable(String text) {
        return text == null ? "failed" : text.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static Uni<Next> done() {
        return Uni.createFrom().item(Next.COMMAND);
    }
}

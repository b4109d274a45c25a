package edu.hamburger.mail.imap.protocol;

import edu.hamburger.mail.line.LineMetrics;
import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.api.StoreException;
import edu.hamburger.mail.line.sasl.FailedLoginPolicy;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * IMAP4rev1 (RFC 3501) with IDLE, UIDPLUS, MOVE, NAMESPACE, SPECIAL-USE, LIST-EXTENDED basics,
 * ENABLE, ID, UNSELECT, LITERAL+, SASL-IR, CONDSTORE and QRESYNC: the table from command name to
 * handler, the checks of which state allows what, and the untagged updates a session owes its
 * client. Each command is parsed whole into an immutable request before anything acts on it,
 * then processed ({@link CommandRegistry} names the parser and processor of each); responses are
 * written through {@link Response}. None of it sees a socket.
 */
public final class ImapProtocol {

    private static final Logger LOG = Logger.getLogger(ImapProtocol.class);

    /** Settings the protocol needs from configuration. */
    public record Policy(String hostname, boolean allowPlaintextAuthOnLoopback, FailedLoginPolicy failedLogins, long appendLimit,
            long cacheBytes) {
    }

    private final Policy policy;
    private final MailboxUpdates updates;
    private final CommandRegistry registry;
    private volatile LineMetrics.CommandMeter commands = LineMetrics.CommandMeter.NONE;

    public ImapProtocol(Policy policy, MailboxPort port) {
        this.policy = policy;
        this.updates = new MailboxUpdates(port);
        this.registry = new CommandRegistry(new SessionCommands(this, updates), new AuthCommands(policy, port, this),
                new MailboxCommands(port, updates, policy.appendLimit()),
                new MessageCommands(port, updates, new ContentCache(50_000, policy.cacheBytes(), 1 << 20)));
        for (CommandSpec<?> spec : registry.all()) { // a command whose capability is never announced cannot be found by clients
            Capability needed = spec.capability();
            if (needed != null && !OFFERED.contains(needed) && needed != Capability.STARTTLS && needed != Capability.AUTH_PLAIN) {
                throw new IllegalStateException(spec.name() + " needs " + needed.atom() + ", which is not offered");
            }
        }
    }

    /** Counts every tagged answer by command name and OK/NO/BAD. */
    public void measure(LineMetrics metrics) {
        Set<String> names = new HashSet<>();
        registry.all().forEach(spec -> names.add(spec.name()));
        commands = metrics.commands(names);
    }

    String hostname() {
        return policy.hostname();
    }

    public byte[] greeting(ImapSession session) {
        return Response.untagged().raw("OK [CAPABILITY ").raw(capabilities(session)).raw("] ")
                .raw(policy.hostname()).raw(" IMAP4rev1 ready").line();
    }

    /** Always offered, in this order. */
    private static final List<Capability> OFFERED = List.of(Capability.IMAP4REV1, Capability.IMAP4REV2, Capability.LITERAL_PLUS, Capability.SASL_IR,
            Capability.ID, Capability.ENABLE, Capability.IDLE, Capability.NAMESPACE, Capability.UNSELECT, Capability.UIDPLUS,
            Capability.MOVE, Capability.SPECIAL_USE, Capability.LIST_EXTENDED, Capability.LIST_STATUS, Capability.CHILDREN,
            Capability.CONDSTORE, Capability.QRESYNC, Capability.QUOTA, Capability.QUOTA_RES_STORAGE, Capability.QUOTA_RES_MESSAGE,
            Capability.STATUS_SIZE,
            Capability.ESEARCH, Capability.SEARCHRES, Capability.OBJECTID, Capability.BINARY, Capability.SORT, Capability.SORT_DISPLAY, Capability.THREAD_ORDEREDSUBJECT, Capability.THREAD_REFERENCES,
            Capability.COMPRESS_DEFLATE, Capability.UTF8_ACCEPT);

    /** What the server offers now: STARTTLS and LOGINDISABLED before TLS, AUTH only where a password may be sent. */
    public String capabilities(ImapSession session) {
        StringBuilder caps = new StringBuilder();
        OFFERED.forEach(capability -> caps.append(capability.atom()).append(' '));
        caps.append(Capability.APPENDLIMIT.atom()).append('=').append(policy.appendLimit());
        if (session.state() == ImapSession.State.NOT_AUTHENTICATED) {
            if (!session.tls() && session.tlsAvailable()) {
                caps.append(' ').append(Capability.STARTTLS.atom());
            }
            caps.append(' ').append(passwordsAllowed(session) ? Capability.AUTH_PLAIN.atom() : Capability.LOGINDISABLED.atom());
        }
        return caps.toString();
    }

    boolean passwordsAllowed(ImapSession session) {
        return session.tls() || (policy.allowPlaintextAuthOnLoopback() && session.loopback());
    }

    /**
     * A client whose last this many commands were all BAD is not speaking IMAP (or is probing):
     * the session ends, as Dovecot's does after 20. One BAD among good commands never ends it.
     */
    static final int MAX_BAD_IN_A_ROW = 20;

    /** One complete command (literals included). Never fails: errors become tagged NO/BAD. */
    public Uni<Next> command(ImapSession session, byte[] line, ImapOutput out) {
        return dispatch(session, line, out).map(next -> {
            if (session.badInARow() >= MAX_BAD_IN_A_ROW && next.kind() == Next.Kind.COMMAND) {
                out.untagged("BYE " + MAX_BAD_IN_A_ROW + " invalid commands in a row");
                return Next.CLOSE;
            }
            return next;
        });
    }

    private Uni<Next> dispatch(ImapSession session, byte[] line, ImapOutput out) {
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
            session.answered(true);
            out.write(Response.untagged().raw("BAD ").raw(Command.oneLine(e.getMessage())).line());
            return Uni.createFrom().item(Next.COMMAND);
        }
        boolean uid = false;
        if (name.equals("UID")) {
            try {
                args.space();
                name = args.atom().toUpperCase(Locale.ROOT);
                uid = true;
            } catch (ImapSyntaxException e) {
                session.answered(true);
                out.write(Response.tagged(tag).raw("BAD ").raw(Command.oneLine(e.getMessage())).line());
                return Uni.createFrom().item(Next.COMMAND);
            }
        }
        Command command = new Command(session, tag, name, uid, out,
                commands.start(name, session.id(), session.account() == null ? null : session.account().address()));
        CommandSpec<?> spec = registry.get(name);
        String refusal = CommandRegistry.refusal(spec, name, uid, session.state());
        if (refusal != null) {
            command.bad(refusal);
            return Uni.createFrom().item(Next.COMMAND);
        }
        Uni<Next> result;
        try {
            result = spec.run(command, args);
        } catch (ImapSyntaxException e) {
            command.bad(e.getMessage());
            return Uni.createFrom().item(Next.COMMAND);
        } catch (ImapRefusal e) {
            command.no(e.getMessage());
            return Uni.createFrom().item(Next.COMMAND);
        }
        return result.onFailure().recoverWithItem(failure -> {
            if (failure instanceof ImapSyntaxException syntax) {
                command.bad(syntax.getMessage());
            } else if (failure instanceof StoreException refused && !refused.temporary()) {
                command.no(responseCode(refused.code()) + printable(refused.getMessage()));
            } else if (failure instanceof StoreException unavailable) {
                LOG.warnf("%s: %s: the store failed: %s", session.id(), command.name(), unavailable.getMessage());
                command.no("[UNAVAILABLE] the mail store is not available, try again");
            } else {
                LOG.errorf(failure, "%s: %s failed", session.id(), command.name());
                command.no("[SERVERBUG] internal error, try again");
            }
            return Next.COMMAND;
        });
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

    /** The response code (RFC 5530, RFC 9208) for what the store refused. */
    static String responseCode(ErrorCode code) {
        return switch (code) {
            case NOT_FOUND -> "[NONEXISTENT] ";
            case EXISTS -> "[ALREADYEXISTS] ";
            case HAS_CHILDREN -> "[HASCHILDREN] ";
            case MESSAGE_TOO_LARGE -> "[TOOBIG] ";
            case OVER_QUOTA -> "[OVERQUOTA] ";
            case UNKNOWN_CTE -> "[UNKNOWN-CTE] ";
            case INVALID -> "[CANNOT] ";
            case IN_USE, CONFLICT -> "[INUSE] ";
            default -> "[UNAVAILABLE] ";
        };
    }

    static String printable(String text) {
        return text == null ? "failed" : text.replaceAll("[^\\x20-\\x7e]", "?");
    }
}

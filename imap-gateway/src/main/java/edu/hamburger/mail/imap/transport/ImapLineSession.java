package edu.hamburger.mail.imap.transport;

import edu.hamburger.mail.imap.port.ChangeFeed;
import edu.hamburger.mail.imap.protocol.ImapOutput;
import edu.hamburger.mail.imap.protocol.ImapProtocol;
import edu.hamburger.mail.imap.protocol.ImapSession;
import edu.hamburger.mail.imap.protocol.Next;
import edu.hamburger.mail.line.LineSession;
import edu.hamburger.mail.line.MessageMemory;
import edu.hamburger.mail.line.Step;
import edu.hamburger.mail.line.Wire;
import edu.hamburger.mail.line.framing.Frame;
import edu.hamburger.mail.line.framing.Framer;
import edu.hamburger.mail.line.framing.LineFramer;
import edu.hamburger.mail.line.framing.LiteralCommandFramer;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * IMAP on the shared line transport: whole commands with their literals (a literal's limit is
 * small before login, APPENDLIMIT for APPEND, what is left of the command limit otherwise), IDLE
 * (waiting for "DONE" while pushing what changes), AUTHENTICATE's continuation line, the change
 * feed registration once logged in, and the autologout timer.
 */
public final class ImapLineSession implements LineSession {

    private static final Logger LOG = Logger.getLogger(ImapLineSession.class);

    /** The transport's limits for IMAP. */
    public record Limits(int maxLine, int maxCommand, int maxLiteralBeforeLogin, long appendLimit, Duration idleTimeout,
            Duration loginTimeout) {
    }

    private enum Mode { COMMAND, CONTINUATION, IDLE }

    private final ImapSession session;
    private final ImapProtocol protocol;
    private final ChangeFeed feed;
    private final Limits limits;
    private final LiteralCommandFramer commands;
    private final LineFramer lines;
    private Wire wire;
    private ImapOutput output;
    private Mode mode = Mode.COMMAND;
    private String idleTag;
    private Function<byte[], Uni<Next>> continuation;
    private boolean registered;
    private boolean idleUpdating;
    private boolean ended;

    public ImapLineSession(ImapSession session, ImapProtocol protocol, ChangeFeed feed, Limits limits) {
        this(session, protocol, feed, limits, MessageMemory.UNLIMITED);
    }

    /** @param memory the process's bound on message octets held (APPEND literals), shared by all sessions */
    public ImapLineSession(ImapSession session, ImapProtocol protocol, ChangeFeed feed, Limits limits, MessageMemory memory) {
        this.session = session;
        this.protocol = protocol;
        this.feed = feed;
        this.limits = limits;
        this.commands = new LiteralCommandFramer(limits.maxLine(), limits.maxCommand(), this::literalLimit,
                size -> output.write("+ Ready for literal data\r\n".getBytes(StandardCharsets.US_ASCII)), memory);
        this.lines = new LineFramer(limits.maxLine());
    }

    @Override
    public void opened(Wire wire) {
        this.wire = wire;
        this.output = wire::write;
        output.write(protocol.greeting(session));
    }

    /** How big a literal may be here: small before login, APPENDLIMIT for APPEND, what the command limit leaves otherwise. */
    private long literalLimit(byte[] commandSoFar) {
        if (session.state() == ImapSession.State.NOT_AUTHENTICATED) {
            return limits.maxLiteralBeforeLogin();
        }
        String start = new String(commandSoFar, 0, Math.min(commandSoFar.length, 64), StandardCharsets.US_ASCII);
        String[] words = start.split(" ", 3);
        if (words.length >= 2 && words[1].equalsIgnoreCase("APPEND")) {
            return limits.appendLimit();
        }
        return Math.max(0, limits.maxCommand() - commandSoFar.length);
    }

    @Override
    public Framer framer() {
        return mode == Mode.COMMAND ? commands : lines;
    }

    @Override
    public Uni<Step> handle(Frame frame) {
        if (frame instanceof Frame.Refused refused) {
            return Uni.createFrom().item(refuse(refused));
        }
        switch (mode) {
            case IDLE -> {
                mode = Mode.COMMAND;
                session.onChange(null);
                protocol.idleDone(session, idleTag, lineBytes(frame), output);
                return Uni.createFrom().item(Step.CONTINUE);
            }
            case CONTINUATION -> {
                Function<byte[], Uni<Next>> handler = continuation;
                continuation = null;
                mode = Mode.COMMAND;
                return handler.apply(lineBytes(frame)).map(this::apply);
            }
            default -> {
                // once the command is answered its literals (an APPEND's message) are no longer held here
                return protocol.command(session, ((Frame.Command) frame).bytes(), output).map(this::apply)
                        .onTermination().invoke(commands::release);
            }
        }
    }

    private static byte[] lineBytes(Frame frame) {
        return ((Frame.Line) frame).text().getBytes(StandardCharsets.UTF_8);
    }

    /** Input the framer refused: answered with the command's tag where one can be read. */
    private Step refuse(Frame.Refused refused) {
        String start = new String(refused.start(), StandardCharsets.US_ASCII);
        String tag = start.split("[ \r\n]", 2)[0];
        if (tag.isEmpty() || tag.length() > 32 || mode != Mode.COMMAND) {
            tag = "*";
        }
        String answer = switch (refused.reason()) {
            case LINE_TOO_LONG -> tag + " BAD line too long";
            case NOT_UTF8 -> tag + " BAD command line is not valid UTF-8 text";
            case COMMAND_TOO_LONG -> tag + " BAD command too long";
            case LITERAL_TOO_BIG -> refused.fatal() ? "* BYE [TOOBIG] " + refused.detail() : tag + " NO [TOOBIG] " + refused.detail();
            case NO_MEMORY -> refused.fatal() ? "* BYE [UNAVAILABLE] " + refused.detail() + ", try again later"
                    : tag + " NO [UNAVAILABLE] " + refused.detail() + ", try again later";
        };
        output.write((answer + "\r\n").getBytes(StandardCharsets.US_ASCII));
        return refused.fatal() ? Step.CLOSE : Step.CONTINUE;
    }

    private Step apply(Next next) {
        if (!registered && session.account() != null) {
            feed.register(session.account().accountId(), session);
            registered = true;
        }
        return switch (next.kind()) {
            case COMMAND -> Step.CONTINUE;
            case CLOSE -> Step.CLOSE;
            case START_TLS -> Step.START_TLS;
            case START_COMPRESSION -> Step.START_COMPRESSION;
            case CONTINUATION -> {
                mode = Mode.CONTINUATION;
                continuation = next.continuation();
                yield Step.CONTINUE;
            }
            case IDLE -> {
                mode = Mode.IDLE;
                idleTag = next.tag();
                session.onChange(() -> wire.execute(this::pushIdleUpdate));
                pushIdleUpdate(); // a change that came while IDLE was being set up
                yield Step.CONTINUE;
            }
        };
    }

    private void pushIdleUpdate() {
        if (mode != Mode.IDLE || idleUpdating || ended) {
            return;
        }
        idleUpdating = true;
        protocol.idleUpdate(session, output).subscribe().with(v -> wire.execute(() -> idleUpdating = false),
                e -> wire.execute(() -> idleUpdating = false));
    }

    @Override
    public Step failed(Throwable failure) {
        output.write("* BAD internal error\r\n".getBytes(StandardCharsets.US_ASCII));
        return Step.CONTINUE;
    }

    @Override
    public Duration timeout() {
        return session.account() == null ? limits.loginTimeout() : limits.idleTimeout();
    }

    @Override
    public void timedOut() {
        output.write("* BYE autologout: idle for too long\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void tlsStarted() {
        session.tlsStarted();
    }

    @Override
    public void closed() {
        ended = true;
        commands.release();
        if (registered) {
            feed.unregister(session.account().accountId(), session);
        }
        protocol.dropped(session);
        LOG.tracef("%s: closed", session.id());
    }
}

package edu.hamburger.mail.imap.transport;

import edu.hamburger.mail.imap.port.ChangeFeed;
import edu.hamburger.mail.imap.protocol.ImapOutput;
import edu.hamburger.mail.imap.protocol.ImapProtocol;
import edu.hamburger.mail.imap.protocol.ImapSession;
import edu.hamburger.mail.imap.protocol.Next;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The transport of one IMAP connection: it frames the byte stream into complete commands, reading
 * literals by their announced size (RFC 3501 §4.3, RFC 7888 LITERAL+). Every size the client
 * controls is checked before anything is kept: a line, a whole command, a literal (small before
 * login, APPENDLIMIT for APPEND), so {@code {400000000}} costs nothing. It also runs STARTTLS
 * (dropping anything pipelined before it), IDLE ("DONE" and pushed updates), SASL continuation
 * lines and the autologout timer. Runs on the connection's Vert.x context.
 */
final class ImapConnection {

    private static final Logger LOG = Logger.getLogger(ImapConnection.class);
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d{1,12})(\\+?)\\}\\r?\\n$");

    record Limits(int maxLine, int maxCommand, int maxLiteralBeforeLogin, long appendLimit, Duration idleTimeout,
            Duration loginTimeout) {
    }

    private enum Mode { COMMAND, CONTINUATION, IDLE }

    private final Vertx vertx;
    private final Context context;
    private final NetSocket socket;
    private final ImapSession session;
    private final ImapProtocol protocol;
    private final ChangeFeed feed;
    private final Limits limits;
    private final ImapOutput output;

    private Buffer pending = Buffer.buffer();
    private final ByteArrayOutputStream command = new ByteArrayOutputStream();
    private long literalRemaining;
    private boolean discardingLine;
    private boolean busy;
    private boolean closed;
    private boolean registered;
    private boolean idleUpdating;
    private Mode mode = Mode.COMMAND;
    private String idleTag;
    private Function<byte[], Uni<Next>> continuation;
    private long idleTimer = -1;

    private final Runnable onClose;

    ImapConnection(Vertx vertx, NetSocket socket, ImapSession session, ImapProtocol protocol, ChangeFeed feed, Limits limits,
            Runnable onClose) {
        this.onClose = onClose;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.socket = socket;
        this.session = session;
        this.protocol = protocol;
        this.feed = feed;
        this.limits = limits;
        this.output = bytes -> {
            if (!closed) {
                socket.write(Buffer.buffer(bytes));
            }
        };
    }

    void start() {
        socket.handler(this::received);
        socket.closeHandler(v -> closed());
        socket.exceptionHandler(e -> socket.close());
        output.write(protocol.greeting(session));
        armIdleTimer();
    }

    private void received(Buffer data) {
        if (closed) {
            return;
        }
        armIdleTimer();
        pending.appendBuffer(data);
        if (pending.length() > limits.maxLine() * 4 && literalRemaining == 0) {
            socket.pause(); // a client that pipelines faster than we answer waits
        }
        drain();
    }

    private void drain() {
        while (!busy && !closed) {
            if (literalRemaining > 0) {
                int take = (int) Math.min(pending.length(), literalRemaining);
                if (take == 0) {
                    break;
                }
                command.write(pending.getBytes(0, take), 0, take);
                pending = pending.getBuffer(take, pending.length());
                literalRemaining -= take;
                continue;
            }
            int lf = indexOfLf();
            if (lf < 0) {
                if (pending.length() > limits.maxLine()) {
                    if (!discardingLine && command.size() == 0) { // keep the tag for the BAD that will answer it
                        command.write(pending.getBytes(0, Math.min(64, pending.length())), 0, Math.min(64, pending.length()));
                    }
                    discardingLine = true; // the rest of this line is dropped when its end comes
                    pending = Buffer.buffer();
                }
                break;
            }
            byte[] line = pending.getBytes(0, lf + 1);
            pending = pending.getBuffer(lf + 1, pending.length());
            if (discardingLine || line.length > limits.maxLine()) {
                if (command.size() == 0) { // the tag is at the start of the line
                    command.write(line, 0, Math.min(64, line.length));
                }
                discardingLine = false;
                refuse("BAD line too long");
                continue;
            }
            switch (mode) {
                case IDLE -> {
                    mode = Mode.COMMAND;
                    session.onChange(null);
                    protocol.idleDone(session, idleTag, line, output);
                }
                case CONTINUATION -> {
                    Function<byte[], Uni<Next>> handler = continuation;
                    continuation = null;
                    mode = Mode.COMMAND;
                    run(handler.apply(line));
                }
                default -> commandLine(line);
            }
        }
        if (!busy && !closed) {
            socket.resume();
        }
    }

    private void commandLine(byte[] line) {
        command.write(line, 0, line.length);
        if (command.size() > limits.maxCommand() + limits.maxLine()) {
            refuse("BAD command too long");
            return;
        }
        String text = new String(line, StandardCharsets.ISO_8859_1);
        Matcher literal = LITERAL.matcher(text);
        if (!literal.find()) {
            byte[] complete = command.toByteArray();
            command.reset();
            run(protocol.command(session, complete, output));
            return;
        }
        long size = Long.parseLong(literal.group(1));
        boolean synchronizing = literal.group(2).isEmpty();
        long limit = literalLimit();
        if (size > limit) {
            if (!synchronizing) { // the client sends it anyway: no way to stay in step without reading it
                output.write(("* BYE [TOOBIG] literal of " + size + " octets is over the limit of " + limit + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                close();
                return;
            }
            refuse("NO [TOOBIG] literal of " + size + " octets is over the limit of " + limit);
            return;
        }
        literalRemaining = size;
        if (synchronizing) {
            output.write("+ Ready for literal data\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** How big a literal may be here: small before login, APPENDLIMIT for APPEND, the command limit otherwise. */
    private long literalLimit() {
        if (session.state() == ImapSession.State.NOT_AUTHENTICATED) {
            return limits.maxLiteralBeforeLogin();
        }
        String start = new String(command.toByteArray(), 0, Math.min(command.size(), 64), StandardCharsets.ISO_8859_1);
        String[] words = start.split(" ", 3);
        if (words.length >= 2 && words[1].equalsIgnoreCase("APPEND")) {
            return limits.appendLimit();
        }
        return Math.max(0, limits.maxCommand() - command.size());
    }

    /** Answers the current command with an error and forgets it. */
    private void refuse(String text) {
        String start = new String(command.toByteArray(), 0, Math.min(command.size(), 64), StandardCharsets.ISO_8859_1);
        String tag = start.isEmpty() ? "*" : start.split(" ", 2)[0].trim();
        if (tag.isEmpty() || tag.length() > 32) {
            tag = "*";
        }
        command.reset();
        literalRemaining = 0;
        output.write((tag + " " + text + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    private void run(Uni<Next> work) {
        busy = true;
        work.subscribe().with(
                next -> context.runOnContext(v -> {
                    busy = false;
                    apply(next);
                    drain();
                }),
                failure -> context.runOnContext(v -> {
                    LOG.errorf(failure, "%s: command failed", session.id());
                    busy = false;
                    output.write("* BAD internal error\r\n".getBytes(StandardCharsets.US_ASCII));
                    drain();
                }));
    }

    private void apply(Next next) {
        if (!registered && session.account() != null) {
            feed.register(session.account().accountId(), session);
            registered = true;
            armIdleTimer(); // logged in: the long timeout applies now
        }
        switch (next.kind()) {
            case COMMAND -> { }
            case CLOSE -> close();
            case CONTINUATION -> {
                mode = Mode.CONTINUATION;
                continuation = next.continuation();
            }
            case IDLE -> {
                mode = Mode.IDLE;
                idleTag = next.tag();
                session.onChange(() -> context.runOnContext(v -> pushIdleUpdate()));
                pushIdleUpdate(); // a change that came while IDLE was being set up
            }
            case START_TLS -> {
                pending = Buffer.buffer(); // RFC 3501 §6.2.1: nothing pipelined before STARTTLS survives
                command.reset();
                busy = true;
                socket.upgradeToSsl().onComplete(result -> context.runOnContext(v -> {
                    busy = false;
                    if (result.failed()) {
                        close();
                        return;
                    }
                    session.tlsStarted();
                    drain();
                }));
            }
        }
    }

    private void pushIdleUpdate() {
        if (mode != Mode.IDLE || idleUpdating || closed) {
            return;
        }
        idleUpdating = true;
        protocol.idleUpdate(session, output).subscribe().with(v -> context.runOnContext(x -> idleUpdating = false),
                e -> context.runOnContext(x -> idleUpdating = false));
    }

    private void armIdleTimer() {
        if (idleTimer >= 0) {
            vertx.cancelTimer(idleTimer);
        }
        Duration timeout = session.account() == null ? limits.loginTimeout() : limits.idleTimeout();
        idleTimer = vertx.setTimer(timeout.toMillis(), id -> {
            if (!busy) {
                output.write("* BYE autologout: idle for too long\r\n".getBytes(StandardCharsets.US_ASCII));
                close();
            }
        });
    }

    private void close() {
        if (!closed) {
            closed = true;
            socket.end().onComplete(v -> socket.close());
        }
    }

    private void closed() {
        closed = true;
        vertx.cancelTimer(idleTimer);
        if (registered) {
            feed.unregister(session.account().accountId(), session);
        }
        protocol.dropped(session);
        onClose.run();
    }

    private int indexOfLf() {
        for (int i = 0; i < pending.length(); i++) {
            if (pending.getByte(i) == '\n') {
                return i;
            }
        }
        return -1;
    }
}

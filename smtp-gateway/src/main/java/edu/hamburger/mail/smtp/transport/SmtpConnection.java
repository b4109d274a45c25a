package edu.hamburger.mail.smtp.transport;

import edu.hamburger.mail.core.smtp.SmtpReply;
import edu.hamburger.mail.smtp.protocol.DataReader;
import edu.hamburger.mail.smtp.protocol.Outcome;
import edu.hamburger.mail.smtp.protocol.SaslExchange;
import edu.hamburger.mail.smtp.protocol.SmtpProtocol;
import edu.hamburger.mail.smtp.protocol.SmtpSession;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The transport room of one SMTP connection: framing (command lines, DATA, BDAT chunks, SASL
 * lines), timeouts, STARTTLS, and writing replies. Commands are handled one at a time in arrival
 * order, which is what PIPELINING needs; input that arrives meanwhile waits in a bounded buffer
 * (the socket is paused beyond it). Everything runs on the connection's Vert.x context.
 */
final class SmtpConnection {

    private static final Logger LOG = Logger.getLogger(SmtpConnection.class);

    private enum Mode { COMMAND, SASL, DATA, BDAT, CLOSED }

    private final Vertx vertx;
    private final Context context;
    private final NetSocket socket;
    private final SmtpSession session;
    private final SmtpProtocol protocol;
    private final Limits limits;
    private final Runnable onClose;

    private Buffer pending = Buffer.buffer();
    private Mode mode = Mode.COMMAND;
    private boolean busy;
    private boolean discardingLongLine;
    private SaslExchange sasl;
    private DataReader dataReader;
    private long bdatRemaining;
    private boolean bdatLast;
    private boolean bdatOverflow;
    private Buffer bdatChunk;
    private long timer = -1;

    /** The transport's own limits. */
    record Limits(int maxCommandLine, int maxAuthLine, Duration commandTimeout, Duration dataTimeout, int maxMessageSize) {
    }

    SmtpConnection(Vertx vertx, NetSocket socket, SmtpSession session, SmtpProtocol protocol, Limits limits, Runnable onClose) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.socket = socket;
        this.session = session;
        this.protocol = protocol;
        this.limits = limits;
        this.onClose = onClose;
    }

    void start() {
        socket.handler(this::received);
        socket.closeHandler(v -> closed());
        socket.exceptionHandler(e -> {
            LOG.debugf("%s: %s", session.sessionId(), e.toString());
            socket.close();
        });
        write(protocol.greeting());
        armTimer();
    }

    /** Refuses the connection with a reply (421) and closes it. */
    static void refuse(NetSocket socket, SmtpReply reply) {
        socket.write(Buffer.buffer(reply.toWire(false))).onComplete(v -> socket.close());
    }

    private void received(Buffer data) {
        if (mode == Mode.CLOSED) {
            return;
        }
        armTimer();
        pending.appendBuffer(data);
        if (pending.length() > inputLimit()) {
            socket.pause(); // the client pipelines faster than we answer: stop reading until we catch up
        }
        drain();
    }

    private int inputLimit() {
        return Math.max(limits.maxAuthLine(), limits.maxCommandLine()) * 4 + 64 * 1024;
    }

    /** Handles as much buffered input as possible, one unit at a time. */
    private void drain() {
        while (!busy && mode != Mode.CLOSED) {
            boolean progressed = switch (mode) {
                case COMMAND, SASL -> nextLine();
                case DATA -> nextData();
                case BDAT -> nextChunk();
                case CLOSED -> false;
            };
            if (!progressed) {
                break;
            }
        }
        if (!busy && mode != Mode.CLOSED && pending.length() <= inputLimit()) {
            socket.resume();
        }
    }

    private boolean nextLine() {
        int limit = mode == Mode.SASL ? limits.maxAuthLine() : limits.maxCommandLine();
        int lf = indexOfLf(pending);
        if (lf < 0) {
            if (pending.length() > limit) {
                discardingLongLine = true;
                pending = Buffer.buffer();
            }
            return false;
        }
        byte[] lineBytes = pending.getBytes(0, lf > 0 && pending.getByte(lf - 1) == '\r' ? lf - 1 : lf);
        pending = pending.getBuffer(lf + 1, pending.length());
        if (discardingLongLine || lf + 1 > limit) {
            discardingLongLine = false;
            mode = Mode.COMMAND;
            sasl = null;
            apply(protocol.refusedLine(session, "Line too long (limit " + limit + " octets)"));
            return true;
        }
        String line;
        try {
            line = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(lineBytes)).toString();
        } catch (CharacterCodingException e) {
            mode = Mode.COMMAND;
            sasl = null;
            apply(protocol.refusedLine(session, "Command line is not valid UTF-8"));
            return true;
        }
        Uni<Outcome> outcome = mode == Mode.SASL ? sasl.respond(line) : protocol.command(session, line);
        run(outcome);
        return true;
    }

    private boolean nextData() {
        if (pending.length() == 0) {
            return false;
        }
        byte[] bytes = pending.getBytes();
        int used = dataReader.feed(bytes, 0, bytes.length);
        pending = used == bytes.length ? Buffer.buffer() : pending.getBuffer(used, pending.length());
        if (!dataReader.done()) {
            return false;
        }
        DataReader finished = dataReader;
        dataReader = null;
        mode = Mode.COMMAND;
        run(protocol.data(session, finished));
        return true;
    }

    private boolean nextChunk() {
        if (bdatRemaining > 0) {
            if (pending.length() == 0) {
                return false;
            }
            int take = (int) Math.min(bdatRemaining, pending.length());
            if (bdatChunk.length() + (long) take <= limits.maxMessageSize()) {
                bdatChunk.appendBuffer(pending, 0, take);
            } else {
                bdatOverflow = true; // read and dropped; the message will be refused as too big
            }
            pending = pending.getBuffer(take, pending.length());
            bdatRemaining -= take;
            if (bdatRemaining > 0) {
                return false;
            }
        }
        byte[] chunk = bdatChunk.getBytes();
        bdatChunk = null;
        mode = Mode.COMMAND;
        run(protocol.chunk(session, chunk, bdatLast, bdatOverflow));
        return true;
    }

    private void run(Uni<Outcome> outcome) {
        busy = true;
        outcome.subscribe().with(
                result -> context.runOnContext(v -> {
                    busy = false;
                    apply(result);
                    drain();
                }),
                failure -> context.runOnContext(v -> {
                    LOG.errorf(failure, "%s: command failed", session.sessionId());
                    busy = false;
                    apply(Outcome.reply(SmtpReply.of(451, "4.3.0", "Local error in processing")));
                    drain();
                }));
    }

    private void apply(Outcome outcome) {
        if (outcome.reply() != null) {
            write(outcome.reply());
        }
        switch (outcome.next()) {
            case COMMAND -> {
                mode = Mode.COMMAND;
                sasl = null;
            }
            case SASL_RESPONSE -> {
                mode = Mode.SASL;
                sasl = outcome.sasl();
            }
            case DATA -> {
                mode = Mode.DATA;
                dataReader = new DataReader(limits.maxMessageSize());
            }
            case BDAT_CHUNK -> {
                mode = Mode.BDAT;
                bdatRemaining = outcome.chunkSize();
                bdatLast = outcome.lastChunk();
                bdatOverflow = false;
                bdatChunk = Buffer.buffer();
            }
            case START_TLS -> startTls();
            case CLOSE -> close();
        }
        armTimer();
    }

    private void startTls() {
        // RFC 3207 §4.2 and James' AllButStartTlsLineBasedChannelHandler: anything the client
        // pipelined after STARTTLS was sent in the clear and is thrown away
        pending = Buffer.buffer();
        busy = true;
        socket.upgradeToSsl().onComplete(result -> context.runOnContext(v -> {
            busy = false;
            if (result.failed()) {
                LOG.debugf("%s: TLS handshake failed: %s", session.sessionId(), result.cause().toString());
                close();
                return;
            }
            session.tlsStarted();
            drain(); // what arrives now came through TLS

        }));
    }

    private void write(SmtpReply reply) {
        if (mode != Mode.CLOSED) {
            socket.write(Buffer.buffer(reply.toWire(session.esmtp())));
        }
    }

    private void armTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (mode == Mode.CLOSED) {
            return;
        }
        Duration timeout = mode == Mode.DATA || mode == Mode.BDAT ? limits.dataTimeout() : limits.commandTimeout();
        timer = vertx.setTimer(timeout.toMillis(), id -> {
            if (!busy) {
                write(SmtpReply.of(421, "4.4.2", protocol.policy().hostname() + " timeout exceeded, closing connection"));
                close();
            }
        });
    }

    private void close() {
        if (mode == Mode.CLOSED) {
            return;
        }
        mode = Mode.CLOSED;
        socket.end().onComplete(v -> socket.close());
    }

    private void closed() {
        mode = Mode.CLOSED;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        onClose.run();
    }

    private static int indexOfLf(Buffer buffer) {
        for (int i = 0; i < buffer.length(); i++) {
            if (buffer.getByte(i) == '\n') {
                return i;
            }
        }
        return -1;
    }
}

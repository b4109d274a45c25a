package edu.hamburger.mail.pop3.transport;

import edu.hamburger.mail.pop3.protocol.Pop3Outcome;
import edu.hamburger.mail.pop3.protocol.Pop3Protocol;
import edu.hamburger.mail.pop3.protocol.Pop3Reply;
import edu.hamburger.mail.pop3.protocol.Pop3Session;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The transport of one POP3 connection: command lines (one at a time, so pipelined commands are
 * answered in order), SASL continuation lines, STLS, the autologout timer and the maildrop lease
 * renewal. Runs on the connection's Vert.x context.
 */
final class Pop3Connection {

    private static final Logger LOG = Logger.getLogger(Pop3Connection.class);

    record Limits(int maxCommandLine, int maxAuthLine, Duration idleTimeout, Duration leaseRenewal) {
    }

    private final Vertx vertx;
    private final Context context;
    private final NetSocket socket;
    private final Pop3Session session;
    private final Pop3Protocol protocol;
    private final Limits limits;
    private final Runnable onClose;

    private Buffer pending = Buffer.buffer();
    private boolean busy;
    private boolean closed;
    private boolean discarding;
    private Function<String, Uni<Pop3Outcome>> sasl;
    private long idleTimer = -1;
    private long leaseTimer = -1;

    Pop3Connection(Vertx vertx, NetSocket socket, Pop3Session session, Pop3Protocol protocol, Limits limits, Runnable onClose) {
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
        socket.exceptionHandler(e -> socket.close());
        write(protocol.greeting());
        armIdleTimer();
        leaseTimer = vertx.setPeriodic(limits.leaseRenewal().toMillis(), id -> protocol.renewLock(session).subscribe().with(
                held -> { }, e -> LOG.debugf("%s: lease renewal failed: %s", session.id(), e.toString())));
    }

    private void received(Buffer data) {
        if (closed) {
            return;
        }
        armIdleTimer();
        pending.appendBuffer(data);
        if (pending.length() > limits.maxAuthLine() * 4) {
            socket.pause();
        }
        drain();
    }

    private void drain() {
        while (!busy && !closed) {
            int limit = sasl != null ? limits.maxAuthLine() : limits.maxCommandLine();
            int lf = indexOfLf();
            if (lf < 0) {
                if (pending.length() > limit) {
                    discarding = true;
                    pending = Buffer.buffer();
                }
                break;
            }
            int end = lf > 0 && pending.getByte(lf - 1) == '\r' ? lf - 1 : lf;
            String line = pending.getString(0, end, StandardCharsets.UTF_8.name());
            pending = pending.getBuffer(lf + 1, pending.length());
            if (discarding || lf + 1 > limit) {
                discarding = false;
                sasl = null;
                write(Pop3Reply.error("line too long"));
                continue;
            }
            Uni<Pop3Outcome> outcome = sasl != null ? sasl.apply(line) : protocol.command(session, line);
            sasl = null;
            busy = true;
            outcome.subscribe().with(
                    result -> context.runOnContext(v -> {
                        busy = false;
                        apply(result);
                        drain();
                    }),
                    failure -> context.runOnContext(v -> {
                        LOG.errorf(failure, "%s: command failed", session.id());
                        busy = false;
                        write(Pop3Reply.error("[SYS/TEMP] internal error"));
                        drain();
                    }));
        }
        if (!busy && !closed) {
            socket.resume();
        }
    }

    private void apply(Pop3Outcome outcome) {
        write(outcome.reply());
        switch (outcome.next()) {
            case COMMAND -> { }
            case SASL_RESPONSE -> sasl = outcome.saslResponse();
            case CLOSE -> close();
            case START_TLS -> {
                pending = Buffer.buffer(); // RFC 2595 §4: anything pipelined in the clear is dropped
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

    private void write(Pop3Reply reply) {
        if (!closed) {
            socket.write(Buffer.buffer(reply.toWire()));
        }
    }

    private void armIdleTimer() {
        if (idleTimer >= 0) {
            vertx.cancelTimer(idleTimer);
        }
        idleTimer = vertx.setTimer(limits.idleTimeout().toMillis(), id -> {
            if (!busy) {
                write(Pop3Reply.error("autologout: idle too long"));
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
        vertx.cancelTimer(leaseTimer);
        protocol.dropped(session).subscribe().with(v -> onClose.run(), e -> onClose.run());
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

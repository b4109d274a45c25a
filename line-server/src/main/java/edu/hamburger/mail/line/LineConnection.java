package edu.hamburger.mail.line;

import edu.hamburger.mail.line.framing.ByteQueue;
import edu.hamburger.mail.line.framing.Frame;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One connection of any line protocol: it buffers input, lets the session's current framer cut
 * it into units, hands them to the session one at a time, and acts on the step each answer
 * names. The invariants, for every protocol alike:
 *
 * <ul>
 * <li>Units are handled strictly in order and never two at once; input that arrives meanwhile
 *     waits, and beyond {@code maxBufferedInput} octets the socket is paused, so a client that
 *     pipelines faster than we answer is slowed down, not buffered without bound.</li>
 * <li>After STARTTLS everything already buffered was sent in the clear and is dropped (RFC 3207
 *     §4.2, RFC 2595 §4, RFC 3501 §6.2.1).</li>
 * <li>After COMPRESS everything, both ways, is raw deflate; what the client already sent after the
 *     command was compressed and is inflated, never read as it came.</li>
 * <li>A silent client is closed after the session's timeout, but never in the middle of a command.</li>
 * <li>Everything runs on the connection's thread; an answer computed elsewhere is brought back to it.</li>
 * </ul>
 */
public final class LineConnection {

    private static final Logger LOG = Logger.getLogger(LineConnection.class);

    private final Transport transport;
    private final LineSession session;
    private final int maxBufferedInput;
    private final Runnable onEnd;
    private final ByteQueue input = new ByteQueue();
    private final List<Long> periodic = new ArrayList<>();
    private boolean busy;
    private boolean closing;
    private boolean ended;
    private long timer = -1;
    private DeflateCompression compression; // null until COMPRESS

    public LineConnection(Transport transport, LineSession session, int maxBufferedInput, Runnable onEnd) {
        this.transport = transport;
        this.session = session;
        this.maxBufferedInput = maxBufferedInput;
        this.onEnd = onEnd;
    }

    public void start() {
        session.opened(new Wire() {
            @Override
            public void write(byte[] bytes) {
                if (!closing) {
                    transport.write(compression == null ? bytes : compression.deflate(bytes));
                }
            }

            @Override
            public void execute(Runnable task) {
                transport.execute(task);
            }

            @Override
            public void every(Duration period, Runnable task) {
                if (!ended) {
                    periodic.add(transport.setPeriodic(period.toMillis(), task));
                }
            }
        });
        armTimer();
    }

    /** Bytes from the client. */
    public void received(byte[] bytes) {
        if (closing) {
            return;
        }
        armTimer();
        if (compression == null) {
            input.append(bytes);
        } else {
            compression.received(bytes);
        }
        if (input.size() > maxBufferedInput || (compression != null && compression.waitingBytes() > maxBufferedInput)) {
            transport.pause();
        }
        drain();
    }

    /** The socket is gone, closed by either side. */
    public void ended() {
        if (ended) {
            return;
        }
        ended = true;
        closing = true;
        cancelTimers();
        if (compression != null) {
            compression.end();
        }
        try {
            session.closed();
        } finally {
            onEnd.run();
        }
    }

    private void drain() {
        while (!busy && !closing) {
            if (compression != null && !inflate()) {
                return;
            }
            Frame frame = session.framer().next(input);
            if (frame == null) {
                break;
            }
            handle(frame);
        }
        if (!busy && !closing && input.size() <= maxBufferedInput
                && (compression == null || compression.waitingBytes() <= maxBufferedInput)) {
            transport.resume();
        }
    }

    private void handle(Frame frame) {
        busy = true;
        Uni<Step> answer;
        try {
            answer = session.handle(frame);
        } catch (RuntimeException e) {
            answer = Uni.createFrom().failure(e);
        }
        answer.subscribe().with(
                step -> transport.execute(() -> done(step)),
                failure -> transport.execute(() -> {
                    LOG.errorf(failure, "command failed");
                    done(session.failed(failure));
                }));
    }

    private void done(Step step) {
        busy = false;
        switch (step) {
            case CONTINUE -> { }
            case CLOSE -> close();
            case START_TLS -> startTls();
            case START_COMPRESSION -> startCompression();
        }
        armTimer();
        drain();
    }

    private void startTls() {
        input.clear(); // pipelined in the clear: never read as if it came through TLS
        busy = true;
        transport.startTls(failure -> {
            busy = false;
            if (failure != null) {
                LOG.debugf("TLS handshake failed: %s", failure.toString());
                close();
                return;
            }
            session.tlsStarted();
            drain();
        });
    }

    private void startCompression() {
        compression = new DeflateCompression();
        compression.received(input.take(input.size())); // sent after the command: already compressed
    }

    /** Inflates what waits into the input buffer; false (and the connection closed) when it is not deflate data. */
    private boolean inflate() {
        try {
            compression.inflateInto(input, maxBufferedInput);
            return true;
        } catch (java.util.zip.DataFormatException e) {
            LOG.debugf("closing: %s", e.getMessage());
            close();
            return false;
        }
    }

    private void armTimer() {
        if (timer >= 0) {
            transport.cancelTimer(timer);
            timer = -1;
        }
        if (closing) {
            return;
        }
        timer = transport.setTimer(Math.max(1, session.timeout().toMillis()), () -> {
            timer = -1;
            if (busy) {
                armTimer(); // never in the middle of a command; look again once more time has passed
                return;
            }
            if (!closing) {
                session.timedOut();
                close();
            }
        });
    }

    private void close() {
        if (closing) {
            return;
        }
        closing = true;
        cancelTimers();
        transport.close();
    }

    private void cancelTimers() {
        if (timer >= 0) {
            transport.cancelTimer(timer);
            timer = -1;
        }
        periodic.forEach(transport::cancelTimer);
        periodic.clear();
    }
}

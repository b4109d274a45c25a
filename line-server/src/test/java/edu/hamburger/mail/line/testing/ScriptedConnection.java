package edu.hamburger.mail.line.testing;

import edu.hamburger.mail.line.LineConnection;
import edu.hamburger.mail.line.LineSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One protocol session driven in memory through the real {@link LineConnection} (framing,
 * ordering, STARTTLS, timers), with no socket: the test sends bytes and reads what the server wrote.
 */
public final class ScriptedConnection implements AutoCloseable {

    private static final long WAIT_MILLIS = 5_000;

    private final MemoryTransport transport = new MemoryTransport();
    private final LineConnection connection;
    private final edu.hamburger.mail.line.framing.ByteQueue unread = new edu.hamburger.mail.line.framing.ByteQueue();
    private volatile boolean ended; // set on whichever thread closed the connection

    public ScriptedConnection(LineSession session, int maxBufferedInput) {
        connection = new LineConnection(transport, session, maxBufferedInput, () -> ended = true);
        transport.onClose(connection::ended);
        connection.start();
    }

    public ScriptedConnection(LineSession session) {
        this(session, 64 * 1024);
    }

    public MemoryTransport transport() {
        return transport;
    }

    public void send(String text) throws InterruptedException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] bytes) throws InterruptedException {
        connection.received(bytes);
        settle();
    }

    /** Sends one byte at a time, as a slow or hostile client may. */
    public void trickle(byte[] bytes) throws InterruptedException {
        for (byte b : bytes) {
            connection.received(new byte[] {b});
            settle();
        }
    }

    /** Runs what is queued now (answers that are already computed). */
    public void settle() throws InterruptedException {
        while (transport.runTasks(0)) {
            // keep going
        }
        collect();
    }

    /** The next line the server wrote (without CRLF), waiting for answers computed off this thread; null once closed and drained. */
    public String line() throws InterruptedException {
        return response(false);
    }

    /**
     * The next line, or with {@code literals} the next IMAP response: a line ending in {n} goes
     * on after its n octets, to the next CRLF that ends no literal announcement.
     */
    public String response(boolean literals) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (true) {
            collect();
            int end = responseEnd(literals);
            if (end >= 0) {
                byte[] bytes = unread.take(end);
                unread.skip(2);
                return new String(bytes, StandardCharsets.UTF_8);
            }
            if (ended && !transport.runTasks(0)) {
                collect();
                if (responseEnd(literals) < 0) {
                    return null;
                }
                continue;
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("no complete response from the server within " + WAIT_MILLIS + " ms; partial: "
                        + new String(unread.copy(unread.size()), StandardCharsets.UTF_8));
            }
            transport.runTasks(Math.min(left, 50));
        }
    }

    /** Where the CRLF ending the next response starts, or -1 if it has not all come. */
    private int responseEnd(boolean literals) {
        int from = 0;
        while (true) {
            int lf = unread.indexOf((byte) '\n', from);
            if (lf < 0) {
                return -1;
            }
            if (lf < 1 || unread.get(lf - 1) != '\r') {
                from = lf + 1; // a bare LF inside a line: not an end
                continue;
            }
            int crlf = lf - 1;
            long literal = literals ? literalAt(crlf) : -1;
            if (literal < 0) {
                return crlf;
            }
            from = lf + 1 + (int) literal;
            if (from > unread.size()) {
                return -1;
            }
        }
    }

    private long literalAt(int crlf) {
        if (crlf < 3 || unread.get(crlf - 1) != '}') {
            return -1;
        }
        int i = crlf - 2;
        long size = 0;
        long scale = 1;
        while (i >= 0 && unread.get(i) >= '0' && unread.get(i) <= '9') {
            size += (unread.get(i) - '0') * scale;
            scale *= 10;
            i--;
        }
        return i >= 0 && i < crlf - 2 && unread.get(i) == '{' ? size : -1;
    }

    /** Everything the server has written and the test has not read yet. */
    public String pending() throws InterruptedException {
        settle();
        return new String(unread.take(unread.size()), StandardCharsets.UTF_8);
    }

    /** Moves virtual time (timeouts, periodic work). */
    public void advance(Duration time) throws InterruptedException {
        transport.advance(time.toMillis());
        settle();
    }

    /** The connection ended (closed by the server, then reported as ended). */
    public boolean ended() throws InterruptedException {
        settle();
        return ended;
    }

    /**
     * Whether the connection ends within the usual wait: for a server that writes its last reply
     * and closes from work done off this thread (a delayed answer), so the close may come a
     * moment after the reply the test has read.
     */
    public boolean endsSoon() throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!ended() && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        return ended;
    }

    private void collect() {
        byte[] bytes = transport.takeWritten();
        if (bytes.length > 0) {
            unread.append(bytes);
        }
    }

    @Override
    public void close() {
        connection.ended();
    }
}

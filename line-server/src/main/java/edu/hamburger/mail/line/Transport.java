package edu.hamburger.mail.line;

import java.util.function.Consumer;

/** The socket under a {@link LineConnection}: Vert.x in production ({@link NetSocketTransport}), memory in tests. */
public interface Transport {

    void write(byte[] bytes);

    /** Stop reading: the connection has as much unanswered input as it may keep. */
    void pause();

    void resume();

    /** Runs the server side of a TLS handshake; {@code done} gets null or the failure, on the connection's thread. */
    void startTls(Consumer<Throwable> done);

    /** Flushes what was written, then closes. */
    void close();

    /** Runs a task on the connection's thread. */
    void execute(Runnable task);

    long setTimer(long delayMillis, Runnable task);

    long setPeriodic(long periodMillis, Runnable task);

    void cancelTimer(long id);
}

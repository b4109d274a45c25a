package edu.hamburger.mail.line;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.function.Consumer;

/** A {@link Transport} over a Vert.x socket; everything it calls back runs on the socket's context. */
final class NetSocketTransport implements Transport {

    private final Vertx vertx;
    private final Context context;
    private final NetSocket socket;
    private final LineMetrics.Listener meters; // null: not counted

    NetSocketTransport(Vertx vertx, Context context, NetSocket socket, LineMetrics.Listener meters) {
        this.vertx = vertx;
        this.context = context;
        this.socket = socket;
        this.meters = meters;
    }

    void attach(LineConnection connection) {
        socket.handler(buffer -> {
            if (meters != null) {
                meters.received.increment(buffer.length());
            }
            connection.received(buffer.getBytes());
        });
        socket.closeHandler(v -> connection.ended());
        socket.exceptionHandler(e -> socket.close());
    }

    @Override
    public void write(byte[] bytes) {
        if (meters != null) {
            meters.sent.increment(bytes.length);
        }
        socket.write(Buffer.buffer(bytes));
    }

    @Override
    public void pause() {
        socket.pause();
    }

    @Override
    public void resume() {
        socket.resume();
    }

    @Override
    public void startTls(Consumer<Throwable> done) {
        socket.upgradeToSsl().onComplete(result -> context.runOnContext(v -> {
            if (meters != null) {
                (result.failed() ? meters.handshakeFailures : meters.startTls).increment();
            }
            done.accept(result.failed() ? result.cause() : null);
        }));
    }

    @Override
    public void close() {
        socket.end().onComplete(v -> socket.close());
    }

    @Override
    public void execute(Runnable task) {
        context.runOnContext(v -> task.run());
    }

    @Override
    public long setTimer(long delayMillis, Runnable task) {
        return vertx.setTimer(delayMillis, id -> context.runOnContext(v -> task.run()));
    }

    @Override
    public long setPeriodic(long periodMillis, Runnable task) {
        return vertx.setPeriodic(periodMillis, id -> context.runOnContext(v -> task.run()));
    }

    @Override
    public void cancelTimer(long id) {
        vertx.cancelTimer(id);
    }
}

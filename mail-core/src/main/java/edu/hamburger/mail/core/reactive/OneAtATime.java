package edu.hamburger.mail.core.reactive;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs asynchronous work one piece at a time, in arrival order, without blocking a thread: a
 * piece waits until the one before it has ended (with an item, a failure or a cancellation).
 * For work whose cost is memory, such as filing a very large message, where two at once could
 * exhaust the heap.
 */
public final class OneAtATime {

    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private boolean busy;

    /** The work, started once every earlier piece has ended; its result is passed on before the next starts. */
    public <T> Uni<T> run(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            AtomicBoolean answered = new AtomicBoolean();
            AtomicBoolean cancelled = new AtomicBoolean();
            AtomicBoolean ended = new AtomicBoolean();
            AtomicReference<Cancellable> running = new AtomicReference<>();
            Runnable endTurn = () -> {
                if (ended.compareAndSet(false, true)) {
                    leave();
                }
            };
            emitter.onTermination(() -> {
                if (!answered.get()) { // cancelled by the subscriber
                    cancelled.set(true);
                    Cancellable started = running.get();
                    if (started != null) {
                        started.cancel();
                        endTurn.run();
                    }
                }
            });
            enter(() -> {
                if (cancelled.get()) {
                    endTurn.run();
                    return;
                }
                Uni<T> started;
                try {
                    started = work.get();
                } catch (RuntimeException e) {
                    answered.set(true);
                    emitter.fail(e);
                    endTurn.run();
                    return;
                }
                running.set(started.subscribe().with(item -> {
                    answered.set(true);
                    emitter.complete(item);
                    endTurn.run();
                }, failure -> {
                    answered.set(true);
                    emitter.fail(failure);
                    endTurn.run();
                }));
                if (cancelled.get()) { // cancelled while starting
                    running.get().cancel();
                    endTurn.run();
                }
            });
        });
    }

    /** Pieces waiting for their turn (not the one running). */
    public synchronized int waiting() {
        return waiting.size();
    }

    private void enter(Runnable start) {
        synchronized (this) {
            if (busy) {
                waiting.add(start);
                return;
            }
            busy = true;
        }
        start.run();
    }

    private void leave() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                busy = false;
                return;
            }
        }
        next.run();
    }
}

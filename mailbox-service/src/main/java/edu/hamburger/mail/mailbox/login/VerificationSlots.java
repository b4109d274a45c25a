package edu.hamburger.mail.mailbox.login;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Password hashing on threads of its own, a fixed number at once and a bounded queue before them.
 * A login flood then waits here, or is refused here, instead of taking the worker pool that
 * delivery, APPEND and parsing share: hashing can be slowed, the store cannot be starved.
 */
@ApplicationScoped
public class VerificationSlots {

    /** The queue is full: refuse this login for now, without hashing. */
    public static final class Busy extends RuntimeException {
        Busy() {
            super("too many password checks in flight", null, false, false);
        }
    }

    private final ThreadPoolExecutor threads;
    private final java.util.concurrent.atomic.AtomicLong started = new java.util.concurrent.atomic.AtomicLong();

    @Inject
    public VerificationSlots(LoginSettings settings) {
        this(settings.maxConcurrentVerifications(), settings.maxQueuedVerifications());
    }

    public VerificationSlots(int concurrent, int queued) {
        AtomicInteger number = new AtomicInteger();
        int size = Math.max(1, concurrent);
        threads = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, queued)), work -> {
                    Thread thread = new Thread(work, "password-check-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** The result of {@code work} on the caller's Vert.x context, or a {@link Busy} failure at once. */
    public <T> Uni<T> run(Supplier<T> work) {
        Context caller = Vertx.currentContext();
        return Uni.createFrom().<T>emitter(emitter -> {
            try {
                CompletableFuture.supplyAsync(() -> {
                    started.incrementAndGet();
                    return work.get();
                }, threads).whenComplete((value, failure) -> {
                    Runnable answer = () -> {
                        if (failure != null) {
                            emitter.fail(failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure);
                        } else {
                            emitter.complete(value);
                        }
                    };
                    if (caller == null) {
                        answer.run();
                    } else {
                        caller.runOnContext(ignored -> answer.run());
                    }
                });
            } catch (RejectedExecutionException full) {
                emitter.fail(new Busy());
            }
        });
    }

    /** Hash computations started since this replica began (tests: a deferred login starts none). */
    public long started() {
        return started.get();
    }

    /** Checks queued or running now (a gauge for metrics and tests). */
    public int inFlight() {
        return threads.getActiveCount() + threads.getQueue().size();
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}

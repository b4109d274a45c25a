package edu.hamburger.mail.core.reactive;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * CPU work (MIME parsing, hashing, bcrypt, HTML sanitising) on a worker thread, its result handed
 * back on the caller's Vert.x context. Without the way back, what follows (PostgreSQL calls,
 * writing the HTTP answer) ran on the worker thread, outside the request's context: under load
 * Quarkus REST then found no active request scope and answered 500 (seen in mailbox-service's
 * appends under the webmail benchmark). The one way the services leave and re-enter the event
 * loop for such work; Mutiny and Vert.x come with every service (provided scope here).
 */
public final class OffLoop {

    private OffLoop() {
    }

    public static <T> Uni<T> compute(Supplier<T> work) {
        return compute(work, Infrastructure.getDefaultWorkerPool());
    }

    /** The same on threads of the caller's choosing (for example with a larger stack). */
    public static <T> Uni<T> compute(Supplier<T> work, java.util.concurrent.Executor on) {
        Context caller = Vertx.currentContext();
        Uni<T> computed = Uni.createFrom().item(work).runSubscriptionOn(on);
        return caller == null ? computed : computed.emitOn(command -> caller.runOnContext(ignored -> command.run()));
    }

    /**
     * The same with a deadline: after {@code deadline} the caller goes on with {@code late}'s item
     * (on its own context, like the work's would have been); the work itself runs to its end.
     */
    public static <T> Uni<T> compute(Supplier<T> work, java.time.Duration deadline, Supplier<T> late) {
        Context caller = Vertx.currentContext();
        Uni<T> computed = Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(deadline).recoverWithItem(late);
        return caller == null ? computed : computed.emitOn(command -> caller.runOnContext(ignored -> command.run()));
    }
}

package edu.hamburger.mail.mailbox.api;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * For the operators' resources, which run on worker threads (@Blocking: bcrypt and RSA key
 * generation are slow on purpose or by nature): a reactive Panache call, awaited on a Vert.x
 * context as Hibernate Reactive requires, its failure rethrown for the exception mapper.
 */
final class AwaitOnWorker {

    private AwaitOnWorker() {
    }

    static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}

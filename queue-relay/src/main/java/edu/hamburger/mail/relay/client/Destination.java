package edu.hamburger.mail.relay.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The state the relay keeps per destination domain, confined to that domain's event loop: how
 * many deliveries are under way (at most the concurrency limit, like Postfix's
 * default_destination_concurrency_limit; the rest wait in order) and the idle connections kept
 * open for the next message (connection reuse).
 */
final class Destination {

    private final int concurrency;
    private int active;
    private final ArrayDeque<Promise<Void>> waiting = new ArrayDeque<>();
    private final Map<String, ArrayDeque<ClientSession>> idle = new HashMap<>();

    Destination(int concurrency) {
        this.concurrency = concurrency;
    }

    Future<Void> acquire() {
        if (active < concurrency) {
            active++;
            return Future.succeededFuture();
        }
        Promise<Void> turn = Promise.promise();
        waiting.add(turn);
        return turn.future();
    }

    void release() {
        Promise<Void> next = waiting.poll();
        if (next != null) {
            next.complete(); // the slot passes straight to the next delivery
        } else {
            active--;
        }
    }

    ClientSession takeIdle(String key) {
        ArrayDeque<ClientSession> sessions = idle.get(key);
        return sessions == null ? null : sessions.pollLast();
    }

    void putIdle(ClientSession session) {
        idle.computeIfAbsent(session.cacheKey(), k -> new ArrayDeque<>()).addLast(session);
    }

    /** Removes the session if it is still idle; true if it was (the caller then closes it). */
    boolean removeIdle(ClientSession session) {
        ArrayDeque<ClientSession> sessions = idle.get(session.cacheKey());
        return sessions != null && sessions.remove(session);
    }

    int active() {
        return active;
    }
}

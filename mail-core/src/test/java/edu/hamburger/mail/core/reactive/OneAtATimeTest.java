package edu.hamburger.mail.core.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OneAtATimeTest {

    @Test
    void aPieceStartsOnlyAfterTheOneBeforeItEnded() {
        OneAtATime gate = new OneAtATime();
        List<String> started = new ArrayList<>();
        AtomicReference<UniEmitter<? super String>> first = new AtomicReference<>();
        AtomicReference<UniEmitter<? super String>> second = new AtomicReference<>();
        List<String> results = new ArrayList<>();
        gate.run(() -> {
            started.add("first");
            return Uni.createFrom().<String>emitter(first::set);
        }).subscribe().with(results::add);
        gate.run(() -> {
            started.add("second");
            return Uni.createFrom().<String>emitter(second::set);
        }).subscribe().with(results::add, failure -> results.add("failed: " + failure.getMessage()));
        gate.run(() -> {
            started.add("third");
            return Uni.createFrom().item("3");
        }).subscribe().with(results::add);

        assertEquals(List.of("first"), started);
        assertEquals(2, gate.waiting());
        first.get().complete("1");
        assertEquals(List.of("first", "second"), started, "the second starts when the first ends");
        second.get().fail(new IllegalStateException("boom"));
        assertEquals(List.of("first", "second", "third"), started, "a failure ends a turn too");
        assertEquals(List.of("1", "failed: boom", "3"), results);
        assertEquals(0, gate.waiting());
    }

    @Test
    void aCancelledPieceGivesUpItsTurnWhetherWaitingOrRunning() {
        OneAtATime gate = new OneAtATime();
        List<String> started = new ArrayList<>();
        var running = gate.run(() -> {
            started.add("running");
            return Uni.createFrom().<String>emitter(e -> { });
        }).subscribe().with(item -> { });
        var waiting = gate.run(() -> {
            started.add("waiting");
            return Uni.createFrom().item("w");
        }).subscribe().with(item -> { });
        List<String> results = new ArrayList<>();
        gate.run(() -> Uni.createFrom().item("last")).subscribe().with(results::add);
        waiting.cancel();
        running.cancel();
        assertEquals(List.of("running"), started, "a cancelled waiting piece never starts");
        assertEquals(List.of("last"), results);
        assertEquals(0, gate.waiting());
    }

    @Test
    void workThatThrowsWhileStartingGivesUpItsTurn() {
        OneAtATime gate = new OneAtATime();
        List<String> results = new ArrayList<>();
        gate.<String>run(() -> {
            throw new IllegalArgumentException("no");
        }).subscribe().with(item -> results.add("item"), failure -> results.add(failure.getMessage()));
        gate.run(() -> Uni.createFrom().item("next")).subscribe().with(results::add);
        assertEquals(List.of("no", "next"), results);
        assertEquals(0, gate.waiting());
    }
}

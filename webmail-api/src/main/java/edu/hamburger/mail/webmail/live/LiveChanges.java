package edu.hamburger.mail.webmail.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import edu.hamburger.mail.core.event.MailboxChange;
import edu.hamburger.mail.mailbox.client.MailboxChangeTail;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Live updates for open browser tabs: {@code mailbox.changes} read as a broadcast
 * ({@link MailboxChangeTail}), each change passed to the event streams of that account this
 * replica serves. An event says which folder changed and how; the page then asks for what it shows.
 */
@ApplicationScoped
public class LiveChanges {

    /** Open streams per account; a tab left open forever must not pile up memory. */
    static final int MAX_STREAMS_PER_ACCOUNT = 20;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper json;

    /** Per account, oldest stream first (the one closed when a 21st opens). */
    private final Map<Long, Queue<MultiEmitter<? super LiveEvent>>> streams = new ConcurrentHashMap<>();
    private MailboxChangeTail tail;

    /** What a page learns: the folder, what happened to it, and which messages. */
    public record LiveEvent(String kind, long folderId, String folder, List<Long> uids) {
        static LiveEvent of(MailboxChange change) {
            return new LiveEvent(change.kind().name().toLowerCase(java.util.Locale.ROOT), change.mailboxId(), change.mailboxName(),
                    change.uids().size() > 1000 ? List.of() : change.uids());
        }
    }

    void start(@Observes StartupEvent event) {
        tail = new MailboxChangeTail(bootstrap, "webmail-api", json, this::dispatch);
        tail.start();
    }

    void stop(@Observes ShutdownEvent event) {
        tail.stop();
        streams.values().forEach(set -> set.forEach(MultiEmitter::complete));
    }

    public boolean awaitAssigned(Duration limit) throws InterruptedException {
        return tail.awaitAssigned(limit);
    }

    /** The changes of one account from now on, until the subscriber cancels. */
    public Multi<LiveEvent> of(long account) {
        return Multi.createFrom().emitter(emitter -> {
            // adding and removing both go through compute(): a stream is never added to a queue being dropped
            List<MultiEmitter<? super LiveEvent>> evicted = new java.util.ArrayList<>();
            streams.compute(account, (a, open) -> {
                Queue<MultiEmitter<? super LiveEvent>> queue = open == null ? new ConcurrentLinkedQueue<>() : open;
                while (queue.size() >= MAX_STREAMS_PER_ACCOUNT) {
                    evicted.add(queue.poll());
                }
                queue.add(emitter);
                return queue;
            });
            evicted.forEach(MultiEmitter::complete); // outside compute(): completing calls back into the map
            emitter.onTermination(() -> streams.computeIfPresent(account, (a, open) -> {
                open.remove(emitter);
                return open.isEmpty() ? null : open;
            }));
        });
    }

    void dispatch(MailboxChange change) {
        if (change.kind() == MailboxChange.Kind.CREDENTIALS_CHANGED) {
            return; // not a change of mail; the page has nothing to show for it
        }
        Queue<MultiEmitter<? super LiveEvent>> open = streams.get(change.accountId());
        if (open != null) {
            LiveEvent event = LiveEvent.of(change);
            open.forEach(emitter -> emitter.emit(event));
        }
    }
}

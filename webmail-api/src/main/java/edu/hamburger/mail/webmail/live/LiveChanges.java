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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    private final Map<Long, Set<MultiEmitter<? super LiveEvent>>> streams = new ConcurrentHashMap<>();
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
            Set<MultiEmitter<? super LiveEvent>> set = streams.computeIfAbsent(account, a -> ConcurrentHashMap.newKeySet());
            if (set.size() >= MAX_STREAMS_PER_ACCOUNT) {
                set.stream().findFirst().ifPresent(oldest -> {
                    set.remove(oldest);
                    oldest.complete();
                });
            }
            set.add(emitter);
            emitter.onTermination(() -> streams.computeIfPresent(account, (a, s) -> {
                s.remove(emitter);
                return s.isEmpty() ? null : s;
            }));
        });
    }

    private void dispatch(MailboxChange change) {
        Set<MultiEmitter<? super LiveEvent>> set = streams.get(change.accountId());
        if (set != null) {
            LiveEvent event = LiveEvent.of(change);
            set.forEach(emitter -> emitter.emit(event));
        }
    }
}

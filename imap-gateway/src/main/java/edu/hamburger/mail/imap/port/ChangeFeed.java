package edu.hamburger.mail.imap.port;

import com.fasterxml.jackson.databind.ObjectMapper;
import edu.hamburger.mail.core.event.MailboxChange;
import edu.hamburger.mail.imap.protocol.ImapSession;
import edu.hamburger.mail.mailbox.client.MailboxChangeTail;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Tells sessions that their account's mail changed, from {@code mailbox.changes} read as a
 * broadcast ({@link MailboxChangeTail}): it wakes the sessions of that account this replica holds.
 * The session then asks the store what changed (IDLE pushes it at once).
 */
@ApplicationScoped
public class ChangeFeed {

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    ObjectMapper json;

    private final Map<Long, Set<ImapSession>> sessions = new ConcurrentHashMap<>();
    private MailboxChangeTail tail;

    void start(@Observes StartupEvent event) {
        tail = new MailboxChangeTail(bootstrap, "imap-gateway", json, this::dispatch);
        tail.start();
    }

    void stop(@Observes ShutdownEvent event) {
        tail.stop();
    }

    /** True once the feed reads the topic (readiness: a session must not miss a change). */
    public boolean awaitAssigned(Duration limit) throws InterruptedException {
        return tail.awaitAssigned(limit);
    }

    public void register(long account, ImapSession session) {
        sessions.computeIfAbsent(account, a -> ConcurrentHashMap.newKeySet()).add(session);
    }

    public void unregister(long account, ImapSession session) {
        sessions.computeIfPresent(account, (a, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
    }

    private void dispatch(MailboxChange change) {
        LOG.debugf("change %s of account %d, %d ms after it was made", change.kind(), change.accountId(),
                Duration.between(change.at(), java.time.Instant.now()).toMillis());
        if (change.kind() == MailboxChange.Kind.CREDENTIALS_CHANGED) {
            return; // not a change of mail (mailbox-client's credential cache reads it)
        }
        Set<ImapSession> affected = sessions.get(change.accountId());
        if (affected != null) {
            affected.forEach(ImapSession::changed);
        }
    }
}

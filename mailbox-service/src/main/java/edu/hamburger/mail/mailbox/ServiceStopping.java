package edu.hamburger.mail.mailbox;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Whether the service has begun to stop, for its background loops (the search index's merger and
 * re-indexer): from then on they schedule no next round, and a query the closing pool refuses is
 * the stop, not a fault to log.
 */
@ApplicationScoped
public class ServiceStopping {

    private volatile boolean stopping;

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    public boolean now() {
        return stopping;
    }
}

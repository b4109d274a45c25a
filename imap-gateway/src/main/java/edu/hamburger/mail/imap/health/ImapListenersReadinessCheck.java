package edu.hamburger.mail.imap.health;

import edu.hamburger.mail.imap.port.ChangeFeed;
import edu.hamburger.mail.imap.transport.ImapServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the IMAP listeners are bound and the change feed reads mailbox.changes (IDLE depends on it). */
@Readiness
@ApplicationScoped
public class ImapListenersReadinessCheck implements HealthCheck {

    @Inject
    ImapServer server;

    @Inject
    ChangeFeed feed;

    @Override
    public HealthCheckResponse call() {
        boolean feeding;
        try {
            feeding = feed.awaitAssigned(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            feeding = false;
        }
        return HealthCheckResponse.named("IMAP listeners").status(server.ready() && feeding)
                .withData("imap", server.port(false)).withData("imaps", server.port(true))
                .withData("changeFeed", feeding).withData("connections", server.openConnections())
                .build();
    }
}

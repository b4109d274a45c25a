package edu.hamburger.mail.webmail.health;

import edu.hamburger.mail.webmail.live.LiveChanges;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once live updates read {@code mailbox.changes}: a page opened before would miss new mail. */
@Readiness
@ApplicationScoped
public class LiveChangesReadinessCheck implements HealthCheck {

    @Inject
    LiveChanges changes;

    @Override
    public HealthCheckResponse call() {
        boolean reading;
        try {
            reading = changes.awaitAssigned(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reading = false;
        }
        return HealthCheckResponse.named("mailbox-changes").status(reading).build();
    }
}

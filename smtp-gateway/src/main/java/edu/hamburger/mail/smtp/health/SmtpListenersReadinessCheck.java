package edu.hamburger.mail.smtp.health;

import edu.hamburger.mail.smtp.protocol.Listener;
import edu.hamburger.mail.smtp.transport.SmtpServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once the SMTP listeners are bound. */
@Readiness
@ApplicationScoped
public class SmtpListenersReadinessCheck implements HealthCheck {

    @Inject
    SmtpServer server;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("SMTP listeners").status(server.ready())
                .withData("mx", server.port(Listener.MX)).withData("submission", server.port(Listener.SUBMISSION))
                .build();
    }
}

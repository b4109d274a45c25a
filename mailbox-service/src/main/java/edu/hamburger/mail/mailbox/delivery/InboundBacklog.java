package edu.hamburger.mail.mailbox.delivery;

import edu.hamburger.mail.mailbox.MailboxSettings;
import edu.hamburger.mail.core.topic.MailTopics;
import edu.hamburger.mail.core.kafka.QueueBacklog;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The filing lag: mail.inbound's depth and oldest age for the filing consumers' group. */
@ApplicationScoped
public class InboundBacklog {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "mp.messaging.incoming.mail-inbound.group.id")
    String group;

    @Inject
    MailboxSettings settings;

    @Inject
    MeterRegistry registry;

    private QueueBacklog backlog;

    void start(@Observes StartupEvent event) {
        backlog = new QueueBacklog(bootstrap, group, List.of(MailTopics.INBOUND), Clock.systemUTC()).start(registry, settings.metrics().queueSamplePeriod());
    }

    void stop(@Observes ShutdownEvent event) {
        if (backlog != null) {
            backlog.close();
        }
    }
}

package edu.hamburger.mail.relay.queue;

import edu.hamburger.mail.core.topic.MailTopics;
import edu.hamburger.mail.core.kafka.QueueBacklog;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The outbound queue's depth and oldest age per topic and retry tier (mail_queue_depth, mail_queue_oldest_age_seconds). */
@ApplicationScoped
public class OutboundBacklog {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "mail.metrics.queue-sample-period", defaultValue = "30s")
    Duration period;

    @Inject
    MeterRegistry registry;

    private QueueBacklog backlog;

    void start(@Observes StartupEvent event) {
        List<String> topics = new ArrayList<>();
        topics.add(MailTopics.OUTBOUND);
        MailTopics.RETRY_DELAYS.forEach(delay -> topics.add(MailTopics.retryTopic(delay)));
        backlog = new QueueBacklog(bootstrap, OutboundConsumer.GROUP, topics, Clock.systemUTC()).start(registry, period);
    }

    void stop(@Observes ShutdownEvent event) {
        if (backlog != null) {
            backlog.close();
        }
    }
}

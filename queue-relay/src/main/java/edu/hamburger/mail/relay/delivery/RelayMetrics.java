package edu.hamburger.mail.relay.delivery;

import edu.hamburger.mail.core.event.DeliveryStatus.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * The relay's counters, per recipient: mail_relay_recipients_total{outcome=delivered|deferred|bounced}
 * and the time from acceptance by smtp-gateway to acceptance by the next hop
 * (mail_relay_delivery_latency_seconds). Consumer lag comes from the Kafka client's own metrics.
 */
@ApplicationScoped
public class RelayMetrics {

    private final Counter delivered;
    private final Counter deferred;
    private final Counter bounced;
    private final Counter bouncesDropped;
    private final Timer latency;

    public RelayMetrics(MeterRegistry registry) {
        delivered = Counter.builder("mail.relay.recipients").tag("outcome", "delivered").register(registry);
        deferred = Counter.builder("mail.relay.recipients").tag("outcome", "deferred").register(registry);
        bounced = Counter.builder("mail.relay.recipients").tag("outcome", "bounced").register(registry);
        bouncesDropped = Counter.builder("mail.relay.bounces.undeliverable")
                .description("bounces not sent: the sender is an unknown local address").register(registry);
        latency = Timer.builder("mail.relay.delivery.latency").publishPercentileHistogram()
                .description("acceptance by smtp-gateway to acceptance by the next hop").register(registry);
    }

    void recipient(Outcome outcome, Instant receivedAt, Instant now) {
        switch (outcome) {
            case DELIVERED -> {
                delivered.increment();
                latency.record(Duration.between(receivedAt, now));
            }
            case DEFERRED -> deferred.increment();
            case FAILED -> bounced.increment();
        }
    }

    void bounceDropped() {
        bouncesDropped.increment();
    }
}

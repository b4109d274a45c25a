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
 *
 * <p>Per destination domain: mail_relay_domain_recipients_total{domain, outcome}. The first
 * {@value #MAX_DOMAINS} domains this process delivers to get their own series, later ones count
 * as domain="other": a sender cannot make the registry grow without bound by mailing many domains.
 */
@ApplicationScoped
public class RelayMetrics {

    private final Counter delivered;
    private final Counter deferred;
    private final Counter bounced;
    private final Counter bouncesDropped;
    private final Timer latency;
    private final MeterRegistry registry;
    private final java.util.Map<String, Counter> byDomain = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> domains = java.util.concurrent.ConcurrentHashMap.newKeySet();
    static final int MAX_DOMAINS = 200;

    public RelayMetrics(MeterRegistry registry) {
        this.registry = registry;
        delivered = Counter.builder("mail.relay.recipients").tag("outcome", "delivered").register(registry);
        deferred = Counter.builder("mail.relay.recipients").tag("outcome", "deferred").register(registry);
        bounced = Counter.builder("mail.relay.recipients").tag("outcome", "bounced").register(registry);
        bouncesDropped = Counter.builder("mail.relay.bounces.undeliverable")
                .description("bounces not sent: the sender is an unknown local address").register(registry);
        latency = Timer.builder("mail.relay.delivery.latency").publishPercentileHistogram()
                .description("acceptance by smtp-gateway to acceptance by the next hop").register(registry);
    }

    void recipient(String domain, Outcome outcome, Instant receivedAt, Instant now) {
        String outcomeName = outcome == Outcome.DELIVERED ? "delivered" : outcome == Outcome.DEFERRED ? "deferred" : "bounced";
        String series = domains.contains(domain) || (domains.size() < MAX_DOMAINS && domains.add(domain)) ? domain : "other";
        byDomain.computeIfAbsent(series + ' ' + outcomeName, key -> Counter.builder("mail.relay.domain.recipients")
                .tag("domain", series).tag("outcome", outcomeName).register(registry)).increment();
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

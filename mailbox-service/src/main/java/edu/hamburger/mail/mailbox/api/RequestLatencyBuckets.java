package edu.hamburger.mail.mailbox.api;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Latency buckets for the API's request timer ({@code http_server_requests_seconds_bucket}), so
 * an operator (and bench/run scale) can read a route's p99 from Prometheus: without them the
 * timer has only a count, a sum and a maximum. Fixed bounds, not Micrometer's ~70 percentile
 * buckets per route, to keep the scrape small.
 */
@Singleton
public class RequestLatencyBuckets {

    static final Duration[] BOUNDS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(10)};

    @Produces
    @Singleton
    MeterFilter httpServerRequestBuckets() {
        double[] nanos = new double[BOUNDS.length];
        for (int i = 0; i < BOUNDS.length; i++) {
            nanos[i] = BOUNDS[i].toNanos();
        }
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!"http.server.requests".equals(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
            }
        };
    }
}

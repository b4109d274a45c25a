package edu.hamburger.mail.bench;

import java.util.List;

/** Latency percentiles as the benchmarks print them. */
final class Percentiles {

    private Percentiles() {
    }

    /** The p-th percentile (nearest rank) of ascending nanosecond latencies, in milliseconds; 0 when there are none. */
    static double millis(List<Long> sortedNanos, int p) {
        if (sortedNanos.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sortedNanos.size()) - 1;
        return sortedNanos.get(Math.max(0, index)) / 1e6;
    }
}

package edu.hamburger.mail.relay;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Every setting of queue-relay, under {@code mail.relay.*} (environment {@code MAIL_RELAY_*});
 * docs/configuration.md lists them. Defaults follow Postfix where Postfix has the same knob.
 */
@ConfigMapping(prefix = "mail.relay")
public interface RelayConfig {

    /**
     * Routes that override DNS: {@code domain=host:port} pairs separated by commas, {@code *} for a
     * smart host, optional credentials as {@code user:password@host:port} (percent-encoded).
     */
    Optional<String> transportMap();

    /** Per-domain TLS policy, {@code domain=none|may|encrypt|verify} pairs; {@code *} sets the default. */
    Optional<String> tlsPolicy();

    /**
     * PEM files (comma-separated) of the CA certificates that {@code verify} trusts; default: the
     * JDK's public CA list. A smart host with a private CA needs its CA certificate here.
     */
    Optional<java.util.List<String>> tlsTrustStore();

    /** The name this relay gives in EHLO; defaults to {@code mail.domain}. */
    Optional<String> heloName();

    /** DNS server for MX lookups as {@code host[:port]}; default: the system's resolver. */
    Optional<String> dnsServer();

    /** Parallel deliveries to one destination domain (Postfix default_destination_concurrency_limit). */
    @WithDefault("20")
    int destinationConcurrency();

    /** Records being delivered at once by one relay instance; above it, the consumer pauses. */
    @WithDefault("200")
    int maxInFlight();

    /** Whether this instance delivers at all (off: only the admin API and health answer). */
    @WithDefault("true")
    boolean deliveryEnabled();

    /**
     * How long the group waits for a silent replica before giving its partitions to the others
     * (Kafka's session.timeout.ms): the takeover time after a crash.
     */
    @WithDefault("45s")
    Duration consumerSessionTimeout();

    Timeouts timeouts();

    Retry retry();

    Bounce bounce();

    Connections connections();

    interface Timeouts {
        @WithDefault("30s")
        Duration connect();

        /** RFC 5321 §4.5.3.2: initial 220 message, 5 minutes. */
        @WithDefault("5m")
        Duration greeting();

        /** EHLO, STARTTLS, AUTH, RSET and QUIT replies (Postfix smtp_helo_timeout 300s). */
        @WithDefault("5m")
        Duration command();

        /** MAIL and RCPT, 5 minutes each. */
        @WithDefault("5m")
        Duration envelope();

        /** DATA initiation (the 354), 2 minutes. */
        @WithDefault("2m")
        Duration dataInit();

        /** Each block of message data written, 3 minutes. */
        @WithDefault("3m")
        Duration dataBlock();

        /** DATA termination (the reply after "."), 10 minutes. */
        @WithDefault("10m")
        Duration dataDone();
    }

    interface Retry {
        /** First retry delay (Postfix minimal_backoff_time); each further one doubles. */
        @WithDefault("5m")
        Duration minimalBackoff();

        /** Longest delay between two attempts (Postfix maximal_backoff_time). */
        @WithDefault("1h")
        Duration maximalBackoff();

        /** Give up and bounce after this long in the queue (Postfix maximal_queue_lifetime). */
        @WithDefault("5d")
        Duration queueLifetime();
    }

    interface Bounce {
        /** Messages up to this size come back whole in a bounce; larger ones with headers only. */
        @WithDefault("50000")
        int fullMessageLimit();
    }

    interface Connections {
        /** How long an idle connection to a destination stays open for the next message. */
        @WithDefault("5s")
        Duration idleTime();

        /** Messages sent over one connection before it is closed. */
        @WithDefault("100")
        int reuseLimit();

        /** How long a rebalance or shutdown waits for deliveries in flight. */
        @WithDefault("30s")
        Duration drainTime();
    }
}

package edu.hamburger.mail.line;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What an operator reads about one line protocol's listeners, in Prometheus names
 * (docs/operations.md): {@code mail_sessions_open}, {@code mail_sessions_total},
 * {@code mail_tls_sessions_total} (mode implicit or starttls), {@code mail_tls_handshake_failures_total},
 * {@code mail_network_received_bytes_total}, {@code mail_network_sent_bytes_total}, each tagged with the protocol
 * and the listener, and {@code mail_commands_total} by verb and result. Tags come only from the
 * server's own listener names and the protocol's own verbs: a client cannot grow the registry.
 */
public final class LineMetrics {

    /** No registry: nothing is counted (tests of the protocol alone). */
    public static final LineMetrics NONE = new LineMetrics(null, "none");

    static final AttributeKey<String> ACCOUNT = AttributeKey.stringKey("mail.account");
    static final AttributeKey<String> SESSION = AttributeKey.stringKey("mail.session");
    static final AttributeKey<String> RESULT = AttributeKey.stringKey("mail.command.result");

    private final MeterRegistry registry;
    private final Tracer tracer; // null: commands are counted, not traced
    private final String protocol;
    private final Map<String, Listener> listeners = new ConcurrentHashMap<>();

    /** The meters of one listener, made once. */
    final class Listener {
        final AtomicInteger open = new AtomicInteger();
        final Counter sessions;
        final Counter implicitTls;
        final Counter startTls;
        final Counter handshakeFailures;
        final Counter received;
        final Counter sent;

        Listener(String name) {
            sessions = counter("mail.sessions", name);
            implicitTls = Counter.builder("mail.tls.sessions").tag("protocol", protocol).tag("listener", name)
                    .tag("mode", "implicit").register(registry);
            startTls = Counter.builder("mail.tls.sessions").tag("protocol", protocol).tag("listener", name)
                    .tag("mode", "starttls").register(registry);
            handshakeFailures = counter("mail.tls.handshake.failures", name);
            received = Counter.builder("mail.network.received").baseUnit("bytes").tag("protocol", protocol).tag("listener", name).register(registry);
            sent = Counter.builder("mail.network.sent").baseUnit("bytes").tag("protocol", protocol).tag("listener", name).register(registry);
            Gauge.builder("mail.sessions.open", open, AtomicInteger::get).tag("protocol", protocol).tag("listener", name).register(registry);
        }

        private Counter counter(String metric, String listener) {
            return Counter.builder(metric).tag("protocol", protocol).tag("listener", listener).register(registry);
        }
    }

    public LineMetrics(MeterRegistry registry, String protocol) {
        this(registry, protocol, null);
    }

    /** @param tracer makes each observed command a span ("IMAP FETCH") with the account and session */
    public LineMetrics(MeterRegistry registry, String protocol, Tracer tracer) {
        this.registry = registry;
        this.tracer = tracer;
        this.protocol = protocol.toLowerCase(Locale.ROOT);
    }

    /** The meters of a listener; null without a registry. */
    Listener listener(String name) {
        return registry == null ? null : listeners.computeIfAbsent(name, Listener::new);
    }

    /**
     * Counts commands by verb and result. A verb outside {@code verbs} counts as "other", a
     * result is the protocol's reply class (ok, no, bad; or 2xx, 4xx, 5xx): both bounded.
     */
    public CommandMeter commands(Set<String> verbs) {
        if (registry == null) {
            return CommandMeter.NONE;
        }
        Map<String, Counter> counters = new ConcurrentHashMap<>();
        String spanPrefix = protocol.toUpperCase(Locale.ROOT) + " ";
        return new CommandMeter() {
            @Override
            public void count(String verb, String result) {
                String known = known(verb);
                counters.computeIfAbsent(known + ' ' + result, key -> Counter.builder("mail.commands").tag("protocol", protocol)
                        .tag("verb", known).tag("result", result).register(registry)).increment();
            }

            @Override
            public Observation start(String verb, String session, String account) {
                if (tracer == null) {
                    return result -> count(verb, result);
                }
                Span span = tracer.spanBuilder(spanPrefix + known(verb)).setSpanKind(SpanKind.SERVER)
                        .setAttribute(SESSION, session).setAttribute(ACCOUNT, account == null ? "" : account).startSpan();
                return result -> {
                    count(verb, result);
                    span.setAttribute(RESULT, result);
                    span.end();
                };
            }

            private String known(String verb) {
                return verb != null && verbs.contains(verb.toUpperCase(Locale.ROOT)) ? verb.toUpperCase(Locale.ROOT) : "other";
            }
        };
    }

    /**
     * {@code mail_tls_certificate_expiry_seconds{protocol}}: when the listeners' certificate
     * expires (seconds since the epoch), following reloads; for the certificate-expiry alert.
     */
    void certificateExpiry(java.util.function.DoubleSupplier notAfter) {
        if (registry != null) {
            Gauge.builder("mail.tls.certificate.expiry", notAfter::getAsDouble).baseUnit("seconds").tag("protocol", protocol)
                    .description("when the certificate in use expires, seconds since the epoch").register(registry);
        }
    }

    /** Where a protocol reports each command it answered. */
    public interface CommandMeter {
        CommandMeter NONE = new CommandMeter() {
            @Override
            public void count(String verb, String result) {
            }

            @Override
            public Observation start(String verb, String session, String account) {
                return Observation.NONE;
            }
        };

        /** Counts an answered command. */
        void count(String verb, String result);

        /** Starts a command that {@link Observation#end} counts when answered; a span of its own while tracing. */
        Observation start(String verb, String session, String account);
    }

    /** One command being answered. */
    @FunctionalInterface
    public interface Observation {
        Observation NONE = result -> { };

        void end(String result);
    }
}

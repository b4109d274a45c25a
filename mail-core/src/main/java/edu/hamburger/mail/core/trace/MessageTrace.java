package edu.hamburger.mail.core.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import org.jboss.logging.MDC;

/**
 * One service's span of a message's journey. The trace starts where the message is accepted
 * (smtp-gateway) and travels in the envelope's W3C {@code traceparent} (a Kafka record header,
 * docs/record-format.md) to the filing and to every relay attempt and bounce, each a span of the
 * same trace.
 *
 * <p>Log lines written inside {@link #scope()} carry the message's queue id, trace id and span
 * id as MDC fields ({@value #QUEUE_ID}, {@value #TRACE_ID}, {@value #SPAN_ID}: JSON logs show them
 * as fields) and {@value #LOG_MARK}, ready-made text for the console format. The services'
 * reactive code runs a message's steps on whichever thread is free, so the fields are set
 * around each log statement's step rather than once per thread.
 */
public final class MessageTrace {

    public static final String TRACE_ID = "traceId";
    public static final String SPAN_ID = "spanId";
    public static final String QUEUE_ID = "queueId";
    /** "traceId=... spanId=... " for the text log format ({@code %X{mailTrace}}), empty outside a message. */
    public static final String LOG_MARK = "mailTrace";

    public static final AttributeKey<String> QUEUE_ID_ATTRIBUTE = AttributeKey.stringKey("mail.queue_id");
    public static final AttributeKey<Long> RECIPIENTS_ATTRIBUTE = AttributeKey.longKey("mail.recipients");

    private static final TextMapGetter<String> TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of("traceparent");
        }

        @Override
        public String get(String carrier, String key) {
            return "traceparent".equals(key) ? carrier : null;
        }
    };

    private final Span span;
    private final String queueId;

    private MessageTrace(Span span, String queueId) {
        this.span = span;
        this.queueId = queueId;
    }

    /**
     * Starts this service's span of a message: a new trace when {@code parentTraceparent} is
     * null or unreadable (a record written before tracing, or by another tool), else a child of
     * the span that wrote the record.
     */
    public static MessageTrace start(Tracer tracer, String name, SpanKind kind, String queueId, String parentTraceparent) {
        Context parent = parentTraceparent == null ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), parentTraceparent, TRACEPARENT);
        Span span = tracer.spanBuilder(name).setSpanKind(kind).setParent(parent)
                .setAttribute(QUEUE_ID_ATTRIBUTE, queueId).startSpan();
        return new MessageTrace(span, queueId);
    }

    /**
     * The span that wrote a record, for log lines about the record written where no span of
     * this service is at hand: it records nothing, it only lends its ids to the logging context.
     */
    public static MessageTrace ofRecord(String queueId, String traceparent) {
        Context written = traceparent == null ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, TRACEPARENT);
        return new MessageTrace(Span.fromContext(written), queueId);
    }

    /** A trace that records nothing and writes no traceparent: tests of one class, tools without tracing. */
    public static MessageTrace untraced(String queueId) {
        return new MessageTrace(Span.getInvalid(), queueId);
    }

    /** The W3C traceparent of this span, for the records it writes; null when tracing is off. */
    public String traceparent() {
        SpanContext context = span.getSpanContext();
        if (!context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    public String traceId() {
        return span.getSpanContext().getTraceId();
    }

    public Span span() {
        return span;
    }

    public String queueId() {
        return queueId;
    }

    /**
     * Makes the span current and puts the message's ids into the logging context until closed;
     * what was there before comes back on close.
     */
    public Scope scope() {
        Scope current = span.makeCurrent();
        SpanContext context = span.getSpanContext();
        Object traceBefore = MDC.get(TRACE_ID);
        Object spanBefore = MDC.get(SPAN_ID);
        Object queueBefore = MDC.get(QUEUE_ID);
        Object markBefore = MDC.get(LOG_MARK);
        MDC.put(QUEUE_ID, queueId);
        if (context.isValid()) {
            MDC.put(TRACE_ID, context.getTraceId());
            MDC.put(SPAN_ID, context.getSpanId());
            MDC.put(LOG_MARK, "traceId=" + context.getTraceId() + " spanId=" + context.getSpanId() + " ");
        }
        return () -> {
            restore(TRACE_ID, traceBefore);
            restore(SPAN_ID, spanBefore);
            restore(QUEUE_ID, queueBefore);
            restore(LOG_MARK, markBefore);
            current.close();
        };
    }

    /**
     * Runs a step (usually a log statement) inside {@link #scope()}. On a Vert.x thread whose
     * current context is not a duplicated one (a worker pool's root context), Quarkus keeps the
     * logging context on a duplicated context that nothing would make current, and the fields
     * would be lost: the step then runs on a fresh duplicate of it, on this thread, at once.
     */
    public void inScope(Runnable step) {
        io.vertx.core.Context current = io.vertx.core.Vertx.currentContext();
        if (current instanceof io.vertx.core.impl.ContextInternal internal && !internal.isDuplicate()) {
            internal.duplicate().dispatch(() -> runScoped(step));
        } else {
            runScoped(step);
        }
    }

    private void runScoped(Runnable step) {
        try (Scope ignored = scope()) {
            step.run();
        }
    }

    /** Ends the span as succeeded. */
    public void end() {
        span.end();
    }

    /** Ends the span as failed, with the reason. */
    public void fail(Throwable reason) {
        span.recordException(reason);
        span.setStatus(StatusCode.ERROR, reason.toString());
        span.end();
    }

    private static void restore(String key, Object before) {
        if (before == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, before);
        }
    }
}

package edu.hamburger.mail.core.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MessageTraceTest {

    final InMemorySpanExporter exported = InMemorySpanExporter.create();
    final SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
    final Tracer tracer = provider.get("test");

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void theTraceparentOfOneServiceMakesTheNextServicesSpanAChildInTheSameTrace() {
        MessageTrace accepted = MessageTrace.start(tracer, "smtp accept", SpanKind.SERVER, "Q1", null);
        String traceparent = accepted.traceparent();
        assertTrue(traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), traceparent);
        accepted.end();

        MessageTrace filed = MessageTrace.start(tracer, "file", SpanKind.CONSUMER, "Q1", traceparent);
        filed.end();

        List<SpanData> spans = exported.getFinishedSpanItems();
        assertEquals(2, spans.size());
        assertEquals(spans.get(0).getTraceId(), spans.get(1).getTraceId());
        assertEquals(spans.get(0).getSpanId(), spans.get(1).getParentSpanId());
        assertEquals("Q1", spans.get(1).getAttributes().get(MessageTrace.QUEUE_ID_ATTRIBUTE));
        assertEquals(SpanKind.CONSUMER, spans.get(1).getKind());
    }

    @Test
    void anUnreadableOrMissingTraceparentStartsANewTrace() {
        MessageTrace first = MessageTrace.start(tracer, "relay", SpanKind.CONSUMER, "Q2", "not-a-traceparent");
        MessageTrace second = MessageTrace.start(tracer, "relay", SpanKind.CONSUMER, "Q3", null);
        first.end();
        second.end();
        List<SpanData> spans = exported.getFinishedSpanItems();
        assertEquals(2, spans.size());
        spans.forEach(span -> assertEquals(io.opentelemetry.api.trace.SpanId.getInvalid(), span.getParentSpanId()));
        assertNotEquals(spans.get(0).getTraceId(), spans.get(1).getTraceId());
    }

    @Test
    void insideTheScopeLogLinesCarryTheIdsAndTheSpanIsCurrentAfterwardsBothAreGone() {
        MessageTrace trace = MessageTrace.start(tracer, "smtp accept", SpanKind.SERVER, "Q4", null);
        MDC.put(MessageTrace.QUEUE_ID, "outer");
        try (Scope ignored = trace.scope()) {
            assertEquals("Q4", MDC.get(MessageTrace.QUEUE_ID));
            assertEquals(trace.traceId(), MDC.get(MessageTrace.TRACE_ID));
            assertEquals(trace.span().getSpanContext().getSpanId(), MDC.get(MessageTrace.SPAN_ID));
            assertEquals("traceId=" + trace.traceId() + " spanId=" + trace.span().getSpanContext().getSpanId() + " ",
                    MDC.get(MessageTrace.LOG_MARK));
            assertEquals(trace.traceId(), Span.current().getSpanContext().getTraceId());
        }
        assertEquals("outer", MDC.get(MessageTrace.QUEUE_ID));
        assertNull(MDC.get(MessageTrace.TRACE_ID));
        assertNull(MDC.get(MessageTrace.LOG_MARK));
        assertTrue(!Span.current().getSpanContext().isValid());
        MDC.remove(MessageTrace.QUEUE_ID);
        trace.end();
    }

    @Test
    void aFailedStepEndsTheSpanAsAnError() {
        MessageTrace trace = MessageTrace.start(tracer, "relay", SpanKind.CONSUMER, "Q5", null);
        trace.fail(new IllegalStateException("Kafka unavailable"));
        SpanData span = exported.getFinishedSpanItems().get(0);
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertTrue(span.getStatus().getDescription().contains("Kafka unavailable"));
    }

    @Test
    void withTracingOffThereIsNoTraceparentToWrite() {
        MessageTrace trace = MessageTrace.start(io.opentelemetry.api.OpenTelemetry.noop().getTracer("off"),
                "smtp accept", SpanKind.SERVER, "Q6", null);
        assertNull(trace.traceparent());
        try (Scope ignored = trace.scope()) {
            assertEquals("Q6", MDC.get(MessageTrace.QUEUE_ID));
            assertNull(MDC.get(MessageTrace.TRACE_ID));
        }
        assertNull(MDC.get(MessageTrace.QUEUE_ID));
    }
}

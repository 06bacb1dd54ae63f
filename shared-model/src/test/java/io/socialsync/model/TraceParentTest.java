package io.socialsync.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;

class TraceParentTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    @Test
    void aSampledSpanTravelsAsW3cTraceParentAndComesBackAsTheSameContext() {
        Span span = Span.wrap(SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault()));

        String traceParent = TraceParent.of(span);

        assertEquals("00-" + TRACE + "-" + SPAN + "-01", traceParent);
        SpanContext parsed = TraceParent.parse(traceParent).orElseThrow();
        assertEquals(TRACE, parsed.getTraceId());
        assertEquals(SPAN, parsed.getSpanId());
        assertTrue(parsed.isRemote());
        assertEquals(SPAN, Span.fromContext(TraceParent.asParent(traceParent)).getSpanContext().getSpanId());
    }

    @Test
    void withTracingOffNothingIsWrittenAndNothingIsRead() {
        assertNull(TraceParent.of(Span.getInvalid()), "the no-op span of a disabled SDK");
        assertNull(TraceParent.of(Span.wrap(SpanContext.create(TRACE, SPAN, TraceFlags.getDefault(),
                TraceState.getDefault()))), "a span not sampled");
        assertFalse(TraceParent.parse(null).isPresent());
        assertFalse(TraceParent.parse("not-a-traceparent").isPresent());
        assertFalse(Span.fromContext(TraceParent.asParent("garbage")).getSpanContext().isValid());
    }

    @Test
    void withTheSdkDisabledOurSpansAreNoOpsThatPassAReceivedContextOnUnchanged() {
        Tracer recording = SdkTracerProvider.builder().build().get("test");
        Tracer off = TraceParent.tracer(recording, true);
        String received = "00-" + TRACE + "-" + SPAN + "-01";

        assertEquals(received, TraceParent.of(off.spanBuilder("window").setParent(TraceParent.asParent(received))
                .startSpan()), "the batch carries ingest's context as it came");
        assertNull(TraceParent.of(off.spanBuilder("store and enqueue").startSpan()), "nothing to write");
        assertTrue(TraceParent.tracer(recording, false).spanBuilder("window").startSpan().isRecording(),
                "with the SDK enabled, the configured tracer");
    }
}

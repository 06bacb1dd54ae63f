package io.socialsync.model;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * A trace context as it travels between the services: the W3C {@code traceparent} text, written into the stream entry
 * ({@link StreamFields#TRACE_PARENT}) and into each message of a batch ({@link UnifiedMessage#traceParent()}). With
 * tracing off the spans are not recording and nothing is written, so the wire stays as it was.
 */
public final class TraceParent {

    private static final String FIELD = "traceparent";
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {

        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceParent() {
    }

    /**
     * The tracer our code starts its spans with: OpenTelemetry's no-op tracer when the SDK is disabled
     * ({@code quarkus.otel.sdk.disabled}). Quarkus still builds an SDK then, one that records every span and exports
     * none; the no-op tracer records nothing and writes no trace context, so tracing off costs nothing.
     */
    public static Tracer tracer(Tracer configured, boolean sdkDisabled) {
        return sdkDisabled ? OpenTelemetry.noop().getTracer("io.socialsync") : configured;
    }

    /** The span's {@code traceparent}, or null when it is not sampled (tracing off, or not recorded). */
    public static String of(Span span) {
        SpanContext context = span.getSpanContext();
        if (!context.isValid() || !context.isSampled()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), carrier, Map::put);
        return carrier.get(FIELD);
    }

    /** The remote span context a {@code traceparent} names, if it is one. */
    public static Optional<SpanContext> parse(String traceParent) {
        if (traceParent == null || traceParent.isBlank()) {
            return Optional.empty();
        }
        Context extracted = W3CTraceContextPropagator.getInstance().extract(Context.root(),
                Map.of(FIELD, traceParent), GETTER);
        SpanContext context = Span.fromContext(extracted).getSpanContext();
        return context.isValid() ? Optional.of(context) : Optional.empty();
    }

    /** A context whose parent span is the one {@code traceParent} names, or the root context. */
    public static Context asParent(String traceParent) {
        return parse(traceParent).map(span -> Context.root().with(Span.wrap(span))).orElse(Context.root());
    }
}

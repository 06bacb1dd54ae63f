package io.socialsync.responder.ai;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;

/**
 * Every AI reply as a span ({@code ai reply}: provider, model, tokens, outcome; never the text) and as metrics:
 * {@code socialsync_ai_calls_seconds{provider,outcome}} and {@code socialsync_ai_tokens_total{provider,kind}},
 * registered at start so that rules and panels find them before the first call. A call the reply budget cuts short
 * (cancelled by the caller) counts as {@code timeout}.
 */
final class ObservedAiProvider implements AiProvider {

    static final String SUCCESS = "success";
    static final String ERROR = "error";
    static final String TIMEOUT = "timeout";

    private final AiProvider delegate;
    private final String model;
    private final Tracer tracer;
    private final Map<String, Timer> calls;
    private final Counter promptTokens;
    private final Counter completionTokens;

    ObservedAiProvider(AiProvider delegate, String model, Tracer tracer, MeterRegistry registry) {
        this.delegate = delegate;
        this.model = model;
        this.tracer = tracer;
        this.calls = Map.of(SUCCESS, timer(registry, SUCCESS), ERROR, timer(registry, ERROR), TIMEOUT,
                timer(registry, TIMEOUT));
        this.promptTokens = tokens(registry, "prompt");
        this.completionTokens = tokens(registry, "completion");
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public boolean remote() {
        return delegate.remote();
    }

    @Override
    public Uni<AgentAnswer> reply(AiRequest request) {
        return Uni.createFrom().deferred(() -> {
            Span span = tracer.spanBuilder("ai reply")
                    .setAttribute("gen_ai.system", delegate.name())
                    .setAttribute("gen_ai.request.model", model)
                    .setAttribute("socialsync.ai.messages", request.messages().size())
                    .startSpan();
            long started = System.nanoTime();
            return delegate.reply(request)
                    .onItemOrFailure().invoke((answer, failure) -> {
                        if (failure == null) {
                            promptTokens.increment(answer.promptTokens());
                            completionTokens.increment(answer.completionTokens());
                            span.setAttribute("gen_ai.usage.input_tokens", answer.promptTokens());
                            span.setAttribute("gen_ai.usage.output_tokens", answer.completionTokens());
                            span.setAttribute("socialsync.ai.needs_human", answer.needsHuman());
                            end(span, started, SUCCESS);
                        } else {
                            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
                            end(span, started, failure instanceof TimeoutException ? TIMEOUT : ERROR);
                        }
                    })
                    .onCancellation().invoke(() -> end(span, started, TIMEOUT));
        });
    }

    private void end(Span span, long started, String outcome) {
        calls.get(outcome).record(Duration.ofNanos(System.nanoTime() - started));
        span.setAttribute("socialsync.outcome", outcome);
        span.end();
    }

    private Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder("socialsync.ai.calls").description("AI replies asked for, by provider and outcome")
                .tag("provider", delegate.name()).tag("outcome", outcome).publishPercentileHistogram()
                .register(registry);
    }

    private Counter tokens(MeterRegistry registry, String kind) {
        return Counter.builder("socialsync.ai.tokens").description("Tokens the model reported, by kind")
                .tag("provider", delegate.name()).tag("kind", kind).register(registry);
    }
}

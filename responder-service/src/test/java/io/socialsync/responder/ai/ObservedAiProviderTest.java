package io.socialsync.responder.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.model.UnifiedMessageType;

/** The AI call as a span and as metrics: model, tokens, outcome and duration, never the text. */
class ObservedAiProviderTest {

    private static final String CUSTOMER_TEXT = "Is the blue bike still in stock?";
    private static final String REPLY_TEXT = "Yes, the blue bike is in stock.";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider tracing = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void close() {
        tracing.close();
    }

    @Test
    void aReplyIsOneSpanWithModelTokensAndOutcomeAndIsCountedWithItsTokens() {
        AiProvider observed = observe(request -> Uni.createFrom().item(new AgentAnswer(REPLY_TEXT, 0.9, false, 812,
                37)));

        observed.reply(request()).subscribe().withSubscriber(UniAssertSubscriber.create()).assertCompleted();

        SpanData span = only();
        assertEquals("ai reply", span.getName());
        assertEquals("gpt-test", span.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model")));
        assertEquals("fake", span.getAttributes().get(AttributeKey.stringKey("gen_ai.system")));
        assertEquals(812L, span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")));
        assertEquals(37L, span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens")));
        assertEquals("success", span.getAttributes().get(AttributeKey.stringKey("socialsync.outcome")));
        String attributes = span.getAttributes().toString();
        assertFalse(attributes.contains(CUSTOMER_TEXT) || attributes.contains(REPLY_TEXT), "never the text");
        assertEquals(1, calls("success"));
        assertEquals(812, registry.get("socialsync.ai.tokens").tag("kind", "prompt").counter().count());
        assertEquals(37, registry.get("socialsync.ai.tokens").tag("kind", "completion").counter().count());
    }

    @Test
    void aFailedCallIsAnErrorAndACallCutShortByTheBudgetATimeout() {
        AiProvider failing = observe(request -> Uni.createFrom().failure(new IllegalStateException("HTTP 500")));
        failing.reply(request()).subscribe().withSubscriber(UniAssertSubscriber.create()).assertFailed();

        AiProvider hanging = observe(request -> Uni.createFrom().nothing());
        hanging.reply(request()).ifNoItem().after(Duration.ofMillis(20)).fail()
                .subscribe().withSubscriber(UniAssertSubscriber.create())
                .awaitFailure(Duration.ofSeconds(5));

        List<SpanData> ended = spans.getFinishedSpanItems();
        assertEquals(2, ended.size());
        assertEquals(StatusCode.ERROR, ended.get(0).getStatus().getStatusCode());
        assertEquals("error", ended.get(0).getAttributes().get(AttributeKey.stringKey("socialsync.outcome")));
        assertEquals("timeout", ended.get(1).getAttributes().get(AttributeKey.stringKey("socialsync.outcome")));
        assertEquals(1, calls("error"));
        assertEquals(1, calls("timeout"));
        assertEquals(0, calls("success"));
    }

    @Test
    void everyOutcomeIsRegisteredBeforeTheFirstCall() {
        observe(request -> Uni.createFrom().nothing());

        for (String outcome : List.of("success", "error", "timeout")) {
            assertNotNull(registry.find("socialsync.ai.calls").tag("provider", "fake").tag("outcome", outcome)
                    .timer(), outcome);
        }
        assertNotNull(registry.find("socialsync.ai.tokens").tag("kind", "prompt").counter());
    }

    private long calls(String outcome) {
        return registry.get("socialsync.ai.calls").tag("outcome", outcome).timer().count();
    }

    private SpanData only() {
        List<SpanData> ended = spans.getFinishedSpanItems();
        assertEquals(1, ended.size(), ended.toString());
        return ended.get(0);
    }

    private ObservedAiProvider observe(Function<AiRequest, Uni<AgentAnswer>> reply) {
        AiProvider fake = new AiProvider() {

            @Override
            public String name() {
                return "fake";
            }

            @Override
            public Uni<AgentAnswer> reply(AiRequest request) {
                return reply.apply(request);
            }
        };
        return new ObservedAiProvider(fake, "gpt-test", tracing.get("test"), registry);
    }

    private static AiRequest request() {
        return AiRequest.of(UUID.randomUUID(), List.of(new UnifiedMessage(UUID.randomUUID(), Platform.WHATSAPP,
                "100000000000001", "15550001111", "wamid.1", UnifiedMessageType.TEXT, CUSTOMER_TEXT, null, null, 9,
                Instant.now(), true)));
    }
}

package io.socialsync.responder.ai;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.logging.Log;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.Startup;
import io.socialsync.model.TraceParent;
import io.socialsync.responder.config.ResponderConfig;

/**
 * Chooses the AI at start: the OpenAI-compatible endpoint when {@code SOCIALSYNC_AI_BASE_URL} is set, else offline;
 * either way traced and measured ({@link ObservedAiProvider}).
 */
public class AiProviders {

    @Produces
    @ApplicationScoped
    @Startup // its metrics exist from start, before the first reply
    AiProvider provider(ResponderConfig config, KnowledgeSearch knowledge, Tracer configuredTracer,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled") boolean tracingOff, MeterRegistry registry) {
        ResponderConfig.Ai ai = config.ai();
        Tracer tracer = TraceParent.tracer(configuredTracer, tracingOff);
        if (ai.baseUrl().isEmpty() || ai.baseUrl().get().isBlank()) {
            Log.info("no SOCIALSYNC_AI_BASE_URL: replies come from the knowledge base (offline provider)");
            return new ObservedAiProvider(new OfflineKnowledgeProvider(knowledge, ai.fallbackReply()), "offline",
                    tracer, registry);
        }
        ChatCompletionsApi api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(ai.baseUrl().get()))
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(ai.timeout().toMillis(), TimeUnit.MILLISECONDS)
                // One connection per batch in flight: the client's default pool (50) would queue a slow model's calls.
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, config.claim().concurrency())
                .build(ChatCompletionsApi.class);
        Log.infof("replies are written by model %s at %s", ai.model(), ai.baseUrl().get());
        return new ObservedAiProvider(new OpenAiCompatibleProvider(api, knowledge, ai.apiKey().orElse(null),
                new OpenAiCompatibleProvider.Settings(ai.model(), ai.defaultSystemPrompt(), ai.passages(), ai.timeout(),
                        ai.minConfidence(), ai.jsonMode())),
                ai.model(), tracer, registry);
    }
}

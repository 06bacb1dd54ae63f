package io.socialsync.responder.batch;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.MDC;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.common.vertx.VertxContext;
import io.socialsync.model.LogFields;
import io.socialsync.model.TraceParent;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.logging.ContactPseudonyms;
import io.vertx.core.Vertx;

/**
 * Gives each claimed batch a Vert.x context of its own, so that whatever runs for it carries its log fields
 * (platform, account, batch id, the contact's pseudonym) and its span: {@code reply batch}, a child of the oldest
 * message's trace and linked to every message's, with a {@code claim} child from the start of the claim to the claim.
 * The AI call and each send are spans under it. With tracing off the spans are no-ops; the log fields remain.
 */
@ApplicationScoped
public class BatchObservation {

    private static final List<String> FIELDS = List.of(LogFields.PLATFORM, LogFields.ACCOUNT, LogFields.CONTACT,
            LogFields.BATCH_ID, LogFields.OUTCOME, LogFields.DURATION_MS);

    private final Tracer tracer;
    private final ContactPseudonyms pseudonyms;
    private final Vertx vertx;

    public BatchObservation(Tracer tracer, @ConfigProperty(name = "quarkus.otel.sdk.disabled") boolean tracingOff,
            ContactPseudonyms pseudonyms,
            Vertx vertx) {
        this.tracer = TraceParent.tracer(tracer, tracingOff);
        this.pseudonyms = pseudonyms;
        this.vertx = vertx;
    }

    /**
     * Runs {@code work} on a context of the batch's own, a duplicate of the event-loop context {@code on} runs its
     * tasks on (so the batch's I/O stays on that event loop); {@code work} must call the {@link Runnable} it is given
     * once the batch is settled (that ends the span and clears the fields).
     */
    public void onOwnContext(ClaimedBatch batch, Instant claimStarted, Executor on, Consumer<Runnable> work) {
        Span span = start(batch, claimStarted);
        on.execute(() -> {
            io.vertx.core.Context base = Vertx.currentContext();
            io.vertx.core.Context context = VertxContext
                    .createNewDuplicatedContext(base != null ? base : vertx.getOrCreateContext());
            context.runOnContext(ignored -> {
                if (!batch.messages().isEmpty()) {
                    UnifiedMessage last = batch.last();
                    MDC.put(LogFields.PLATFORM, last.platform().wire());
                    MDC.put(LogFields.ACCOUNT, last.accountId());
                    MDC.put(LogFields.CONTACT, pseudonyms.of(last.contactId()));
                }
                MDC.put(LogFields.BATCH_ID, batch.id().toString());
                Scope scope = span.makeCurrent();
                work.accept(() -> {
                    span.end();
                    scope.close();
                    // The claim loop may go on from this context: it carries nothing of this batch any more.
                    for (String field : FIELDS) {
                        MDC.remove(field);
                    }
                });
            });
        });
    }

    private Span start(ClaimedBatch batch, Instant claimStarted) {
        List<SpanContext> messages = batch.messages().stream().map(UnifiedMessage::traceParent)
                .map(TraceParent::parse).flatMap(Optional::stream).toList();
        SpanBuilder builder = tracer.spanBuilder("reply batch")
                .setStartTimestamp(epochNanos(claimStarted), TimeUnit.NANOSECONDS)
                .setAttribute("socialsync.batch.id", batch.id().toString())
                .setAttribute("socialsync.batch.messages", batch.messages().size())
                .setAttribute("socialsync.batch.attempt", batch.attempts() + 1)
                .setAttribute("socialsync.batch.lateness_ms", batch.latenessMillis());
        if (!batch.messages().isEmpty()) {
            builder.setAttribute("socialsync.platform", batch.last().platform().wire());
        }
        // The oldest message's trace goes on through the reply; the others are linked to it.
        builder.setParent(messages.isEmpty() ? Context.root() : Context.root().with(Span.wrap(messages.get(0))));
        messages.forEach(builder::addLink);
        Span span = builder.startSpan();
        tracer.spanBuilder("claim").setParent(Context.root().with(span))
                .setStartTimestamp(epochNanos(claimStarted), TimeUnit.NANOSECONDS)
                .setAttribute("socialsync.batch.lateness_ms", batch.latenessMillis())
                .startSpan().end();
        return span;
    }

    private static long epochNanos(Instant instant) {
        return TimeUnit.SECONDS.toNanos(instant.getEpochSecond()) + instant.getNano();
    }
}

package io.socialsync.batcher.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.socialsync.batcher.config.BatcherConfig;
import io.socialsync.batcher.window.WindowStore;
import io.socialsync.batcher.window.WindowUpdate;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.RedisKeys;
import io.socialsync.model.StreamFields;
import io.socialsync.model.TraceParent;
import io.socialsync.model.UnifiedMessage;

/**
 * Reads the inbound stream in the {@code batcher} consumer group and puts each message into its window. An entry is
 * acknowledged only after its window is written, so a batcher that dies leaves it pending; the entries of a replica
 * that stays away are taken over by the others after {@code claim-idle}.
 */
@ApplicationScoped
public class InboundConsumer {

    private static final Duration RETRY_FIRST = Duration.ofMillis(200);
    private static final Duration RETRY_MAX = Duration.ofSeconds(5);

    private final ReactiveStreamCommands<String, String, String> streams;
    private final WindowStore windows;
    private final BatcherConfig.Consumer config;
    private final MeterRegistry registry;
    private final Tracer tracer;
    private volatile Cancellable loop;
    private volatile Instant lastTakeover = Instant.EPOCH;
    /** Own entries left pending by a previous run of this replica are read first ("0"), then new ones (">"). */
    private volatile boolean ownBacklogRead;
    /** Reset when a read fails, so a Redis that lost its data gets the group created again. */
    private volatile boolean groupReady;

    public InboundConsumer(ReactiveRedisDataSource redis, WindowStore windows, BatcherConfig config,
            MeterRegistry registry, Tracer tracer,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled") boolean tracingOff) {
        this.streams = redis.stream(String.class, String.class, String.class);
        this.windows = windows;
        this.config = config.consumer();
        this.registry = registry;
        this.tracer = TraceParent.tracer(tracer, tracingOff);
    }

    void onStart(@Observes StartupEvent event) {
        loop = Multi.createBy().repeating().uni(this::pollOnce).indefinitely()
                .onFailure()
                .invoke(failure -> Log.warnf("inbound stream read failed, retrying: %s", failure.toString()))
                .onFailure().retry().withBackOff(RETRY_FIRST, RETRY_MAX).indefinitely()
                .subscribe().with(handled -> {
                }, failure -> Log.error("inbound consumer stopped", failure));
        Log.infof("batcher consumer %s reading %s", config.name(), RedisKeys.INBOUND_STREAM);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.cancel();
        }
    }

    /** One read (and, now and then, one take-over of a dead replica's entries); emits how many were handled. */
    Uni<Integer> pollOnce() {
        return ensureGroup().flatMap(ignored -> takeOverIfDue())
                .flatMap(taken -> read().map(read -> taken + read))
                .onFailure().invoke(() -> groupReady = false);
    }

    private Uni<Integer> read() {
        String from = ownBacklogRead ? ">" : "0";
        XReadGroupArgs args = new XReadGroupArgs().count(config.readCount());
        if (ownBacklogRead) {
            args.block(config.readBlock());
        }
        return streams.xreadgroup(RedisKeys.BATCHER_GROUP, config.name(), RedisKeys.INBOUND_STREAM, from, args)
                .onItem().ifNull().continueWith(List::of)
                .flatMap(entries -> {
                    if (!ownBacklogRead && entries.isEmpty()) {
                        ownBacklogRead = true;
                    }
                    return handle(entries);
                });
    }

    private Uni<Integer> takeOverIfDue() {
        Instant now = Instant.now();
        if (Duration.between(lastTakeover, now).compareTo(config.claimIdle()) < 0) {
            return Uni.createFrom().item(0);
        }
        lastTakeover = now;
        return streams.xautoclaim(RedisKeys.INBOUND_STREAM, RedisKeys.BATCHER_GROUP, config.name(),
                config.claimIdle(), "0-0", config.readCount())
                .flatMap(claimed -> handle(claimed.getMessages()));
    }

    /** In stream order, so a customer's messages keep their order in the window; then one XACK for all. */
    private Uni<Integer> handle(List<StreamMessage<String, String, String>> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Multi.createFrom().iterable(entries)
                .onItem().transformToUniAndConcatenate(this::window)
                .collect().asList()
                .flatMap(done -> streams.xack(RedisKeys.INBOUND_STREAM, RedisKeys.BATCHER_GROUP,
                        entries.stream().map(StreamMessage::id).toArray(String[]::new)))
                .replaceWith(entries.size());
    }

    private Uni<Void> window(StreamMessage<String, String, String> entry) {
        UnifiedMessage message;
        try {
            message = decode(entry);
        } catch (IllegalArgumentException unreadable) {
            // Acknowledged all the same: it can never be read, and PostgreSQL still holds the message.
            Log.errorf("stream entry %s is unreadable and skipped: %s", entry.id(), unreadable.getMessage());
            count("unknown", "unreadable");
            return Uni.createFrom().voidItem();
        }
        // The window continues the trace ingest started; the batch then carries the window's context per message,
        // so that the responder links every message of a batch. Without a trace context nothing is traced here.
        String enqueued = entry.payload().get(StreamFields.TRACE_PARENT);
        if (enqueued == null) {
            return windows.add(message).invoke(update -> record(message, update)).replaceWithVoid();
        }
        Span span = tracer.spanBuilder("window").setParent(TraceParent.asParent(enqueued))
                .setAttribute("socialsync.platform", message.platform().wire()).startSpan();
        String windowed = TraceParent.of(span);
        return windows.add(message.withTraceParent(windowed == null ? enqueued : windowed))
                .invoke(update -> {
                    record(message, update);
                    span.setAttribute("socialsync.outcome", update.duplicate() ? "duplicate" : "windowed");
                    if (!update.duplicate()) {
                        span.setAttribute("socialsync.window.due_in_ms", update.deadline() - update.now());
                    }
                })
                .onTermination().invoke(span::end)
                .replaceWithVoid();
    }

    private static UnifiedMessage decode(StreamMessage<String, String, String> entry) {
        String version = entry.payload().get(StreamFields.SCHEMA_VERSION);
        String json = entry.payload().get(StreamFields.MESSAGE);
        if (!StreamFields.CURRENT_SCHEMA_VERSION.equals(version) || json == null) {
            throw new IllegalArgumentException("schema version " + version + " is not readable by this batcher");
        }
        return JsonCodec.decode(json, UnifiedMessage.class);
    }

    private void record(UnifiedMessage message, WindowUpdate update) {
        count(message.platform().wire(), update.duplicate() ? "duplicate" : "windowed");
        if (!update.duplicate()) {
            Log.debugf("windowed a %s %s message, due in %d ms", message.platform().wire(), message.type().wire(),
                    update.deadline() - update.now());
        }
    }

    private void count(String platform, String outcome) {
        registry.counter("socialsync.messages.batched", "platform", platform, "outcome", outcome).increment();
    }

    private Uni<Void> ensureGroup() {
        if (groupReady) {
            return Uni.createFrom().voidItem();
        }
        return streams.xgroupCreate(RedisKeys.INBOUND_STREAM, RedisKeys.BATCHER_GROUP, "0",
                new XGroupCreateArgs().mkstream())
                .onFailure(failure -> String.valueOf(failure.getMessage()).startsWith("BUSYGROUP"))
                .recoverWithNull()
                .invoke(() -> groupReady = true);
    }
}

package io.socialsync.responder.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.RedisKeys;
import io.socialsync.model.RedisScript;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.config.ResponderConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The dead letter {@code socialsync:dead}: batches that failed {@code max-attempts} times (or whose send could not be
 * confirmed). Their messages are marked {@code failed} in PostgreSQL, so they are visible there and the reconciler
 * leaves them alone; a replay puts them back into their conversation's window, due at once.
 */
@ApplicationScoped
public class DeadLetters {

    private static final RedisScript REPLAY = RedisScript.load(DeadLetters.class, "replay");

    private final ReactiveRedisDataSource redis;
    private final Pool pool;
    private final MeterRegistry registry;
    private final String ttlMillis;

    public DeadLetters(ReactiveRedisDataSource redis, Pool pool, MeterRegistry registry, ResponderConfig config) {
        this.redis = redis;
        this.pool = pool;
        this.registry = registry;
        this.ttlMillis = String.valueOf(config.claim().ttl().toMillis());
    }

    /** After {@code finish.lua} moved a batch to the dead letter: record it in PostgreSQL. */
    public Uni<Void> recordDead(FinishResult result, String reason) {
        String platform = platformOf(result.conversationKey());
        registry.counter("socialsync.batches.dead", "platform", platform, "reason", reason).increment();
        Log.errorf("batch of %d messages (%s) moved to %s after %d attempts: %s", result.deadLettered().size(),
                platform, RedisKeys.DEAD_LETTER, result.attempts(), reason);
        UUID[] ids = result.deadLettered().stream().map(UnifiedMessage::id).toArray(UUID[]::new);
        return pool.preparedQuery("""
                UPDATE messages SET status = 'failed', status_detail = $2, updated_at = now()
                WHERE id = ANY($1) AND direction = 'inbound' AND status IN ('received', 'replying')
                """).execute(Tuple.of(ids, "dead_letter: " + reason)).replaceWithVoid();
    }

    /**
     * The oldest {@code limit} dead letters after the entry {@code after} (exclusive), or from the first when it is
     * null: an operator pages through any number of them by passing the last id of each page.
     */
    public Uni<List<DeadLetter>> list(int limit, String after) {
        return redis.stream(String.class, String.class, String.class)
                .xrange(RedisKeys.DEAD_LETTER, StreamRange.of(after == null ? "-" : "(" + after, "+"), limit)
                .map(entries -> entries.stream().map(DeadLetters::from).toList());
    }

    /**
     * Puts a dead letter's messages back in front of their conversation's window, due now, after setting them
     * {@code received} again. Empty when there is no such entry.
     */
    public Uni<Optional<Integer>> replay(String entryId) {
        return redis.stream(String.class, String.class, String.class)
                .xrange(RedisKeys.DEAD_LETTER, StreamRange.of(entryId, entryId))
                .flatMap(entries -> {
                    if (entries.isEmpty()) {
                        return Uni.createFrom().item(Optional.<Integer>empty());
                    }
                    UUID[] ids = from(entries.get(0)).messageIds().toArray(UUID[]::new);
                    return pool.preparedQuery("""
                            UPDATE messages SET status = 'received', status_detail = NULL, updated_at = now()
                            WHERE id = ANY($1) AND direction = 'inbound' AND status = 'failed'
                            """).execute(Tuple.of(ids))
                            .flatMap(updated -> REPLAY.run(redis,
                                    List.of(RedisKeys.DEADLINES, RedisKeys.DEAD_LETTER,
                                            from(entries.get(0)).conversation()),
                                    List.of(entryId, ttlMillis)))
                            .map(replayed -> replayed.toInteger() < 0
                                    ? Optional.<Integer>empty()
                                    : Optional.of(replayed.toInteger()));
                })
                .invoke(replayed -> replayed.ifPresent(count -> Log.infof("dead letter %s replayed (%d messages)",
                        entryId, count)));
    }

    private static DeadLetter from(StreamMessage<String, String, String> entry) {
        Map<String, String> fields = entry.payload();
        List<UUID> ids = new ArrayList<>();
        for (int i = 1; fields.containsKey("m" + i); i++) {
            try {
                ids.add(JsonCodec.decode(fields.get("m" + i), UnifiedMessage.class).id());
            } catch (IllegalArgumentException unreadable) {
                Log.warnf("unreadable message in dead letter %s: %s", entry.id(), unreadable.getMessage());
            }
        }
        String batch = fields.getOrDefault("batch", "");
        return new DeadLetter(entry.id(), batch.isEmpty() ? null : ClaimedBatch.idOf(batch),
                fields.get("conversation"), Integer.parseInt(fields.getOrDefault("attempts", "0")),
                fields.get("reason"), Instant.ofEpochMilli(Long.parseLong(fields.getOrDefault("dead_at", "0"))),
                List.copyOf(ids));
    }

    /** {@code conv:whatsapp:…} → {@code whatsapp}; metrics never carry the account or the customer. */
    static String platformOf(String conversationKey) {
        String[] parts = conversationKey == null ? new String[0] : conversationKey.split(":");
        return parts.length > 1 ? parts[1] : "unknown";
    }
}

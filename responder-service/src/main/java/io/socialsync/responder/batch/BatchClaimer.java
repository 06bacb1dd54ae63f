package io.socialsync.responder.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.RedisKeys;
import io.socialsync.model.RedisScript;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.config.ResponderConfig;
import io.vertx.mutiny.redis.client.Response;

/** Claims due batches from {@code conv:deadlines} with a lease in {@code conv:inflight}, and completes them. */
@ApplicationScoped
public class BatchClaimer {

    private static final RedisScript CLAIM = RedisScript.load(BatchClaimer.class, "claim");

    private final ReactiveRedisDataSource redis;
    private final String leaseMillis;

    public BatchClaimer(ReactiveRedisDataSource redis, ResponderConfig config) {
        this.redis = redis;
        this.leaseMillis = String.valueOf(config.claim().lease().toMillis());
    }

    public Uni<ClaimResult> claimNext() {
        UUID batchId = UUID.randomUUID();
        List<String> keys = List.of(RedisKeys.DEADLINES, RedisKeys.INFLIGHT);
        List<String> args = List.of(batchId.toString(), leaseMillis);
        return redis.execute("EVALSHA", CLAIM.evalShaArguments(keys, args))
                .onFailure(RedisScript::isNoScript)
                .recoverWithUni(() -> redis.execute("EVAL", CLAIM.evalArguments(keys, args)))
                .map(response -> read(batchId, response));
    }

    /** The batch is answered: release its lease and its list. */
    public Uni<Void> complete(ClaimedBatch batch) {
        return redis.sortedSet(String.class).zrem(RedisKeys.INFLIGHT, batch.key())
                .flatMap(removed -> redis.key().del(batch.key()))
                .replaceWithVoid();
    }

    private static ClaimResult read(UUID batchId, Response response) {
        long now = response.get(0).toLong();
        if (response.size() == 1) {
            return new ClaimResult(now, Optional.empty(), OptionalLong.empty());
        }
        if (response.size() == 2) {
            return new ClaimResult(now, Optional.empty(), OptionalLong.of(response.get(1).toLong()));
        }
        List<UnifiedMessage> messages = new ArrayList<>(response.size() - 4);
        for (int i = 4; i < response.size(); i++) {
            try {
                messages.add(JsonCodec.decode(response.get(i).toString(), UnifiedMessage.class));
            } catch (IllegalArgumentException unreadable) {
                // PostgreSQL keeps the message; the reconciler brings it back in a readable form.
                Log.errorf("unreadable message in batch %s skipped: %s", batchId, unreadable.getMessage());
            }
        }
        ClaimedBatch batch = new ClaimedBatch(batchId, response.get(3).toString(), response.get(2).toString(),
                response.get(1).toLong(), now, List.copyOf(messages));
        return new ClaimResult(now, Optional.of(batch), OptionalLong.empty());
    }
}

package io.socialsync.responder.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.RedisKeys;
import io.socialsync.model.RedisScript;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.config.ResponderConfig;
import io.vertx.mutiny.redis.client.Response;

/**
 * Claims due batches from {@code conv:deadlines} with a lease in {@code conv:inflight}, and ends them: completed,
 * superseded by newer messages, retried, handed back, or dead-lettered. Every step is one Lua script, so replicas
 * never see a half-moved batch.
 */
@ApplicationScoped
public class BatchClaimer {

    private static final RedisScript CLAIM = RedisScript.load(BatchClaimer.class, "claim");
    private static final RedisScript FINISH = RedisScript.load(BatchClaimer.class, "finish");
    private static final int SWEEP_LIMIT = 100;

    private final ReactiveRedisDataSource redis;
    private final String leaseMillis;
    private final String ttlMillis;
    private final String maxAttempts;
    private final String backoffMillis;

    public BatchClaimer(ReactiveRedisDataSource redis, ResponderConfig config) {
        this.redis = redis;
        this.leaseMillis = String.valueOf(config.claim().lease().toMillis());
        this.ttlMillis = String.valueOf(config.claim().ttl().toMillis());
        this.maxAttempts = String.valueOf(config.claim().maxAttempts());
        this.backoffMillis = String.valueOf(config.claim().retryBackoff().toMillis());
    }

    public Uni<ClaimResult> claimNext() {
        List<String> keys = List.of(RedisKeys.DEADLINES, RedisKeys.INFLIGHT);
        List<String> args = List.of(java.util.UUID.randomUUID().toString(), leaseMillis, ttlMillis);
        return run(CLAIM, keys, args).map(BatchClaimer::read);
    }

    /** The batch is answered (or needs no answer): release its lease and its list. */
    public Uni<Void> complete(ClaimedBatch batch) {
        return finish(batch.key(), "complete", "").replaceWithVoid();
    }

    /**
     * Fresh reply: if the customer wrote again while the reply was being written, the batch goes back in front of
     * the new window and the caller must not send. Answers {@link FinishResult.Outcome#NOTHING_NEW} when the reply
     * is still current.
     */
    public Uni<FinishResult> supersedeIfNewMessages(ClaimedBatch batch) {
        return finish(batch.key(), "supersede", "");
    }

    /** The attempt failed: another one after the backoff, or the dead letter after the last. */
    public Uni<FinishResult> retry(ClaimedBatch batch, String reason) {
        return finish(batch.key(), "retry", reason);
    }

    /** Straight to the dead letter, for an operator to decide. */
    public Uni<FinishResult> deadLetter(ClaimedBatch batch, String reason) {
        return finish(batch.key(), "dead", reason);
    }

    /** This replica stops: the batch goes back on the deadlines for another one, without counting an attempt. */
    public Uni<FinishResult> release(ClaimedBatch batch) {
        return finish(batch.key(), "release", "");
    }

    /**
     * Returns batches whose lease has expired (their replica died or hangs) to the deadlines, or to the dead letter
     * after the last attempt. Safe on every replica at once: the script takes each expired batch once.
     */
    public Uni<List<FinishResult>> sweepExpiredLeases() {
        // Candidates by this replica's clock (plus slack); the script decides by Redis's clock.
        ScoreRange<Double> range = ScoreRange.from(Double.NEGATIVE_INFINITY,
                (double) (System.currentTimeMillis() + 1_000));
        return redis.sortedSet(String.class)
                .zrangebyscore(RedisKeys.INFLIGHT, range, new ZRangeArgs().limit(0, SWEEP_LIMIT))
                .flatMap(expired -> {
                    if (expired.isEmpty()) {
                        return Uni.createFrom().item(List.<FinishResult>of());
                    }
                    return Uni.join().all(expired.stream().map(key -> finish(key, "expired", "lease_expired"))
                            .toList()).andFailFast()
                            .map(results -> results.stream()
                                    .filter(result -> !result.is(FinishResult.Outcome.NOT_LEASED)).toList());
                });
    }

    private Uni<FinishResult> finish(String batchKey, String how, String reason) {
        List<String> keys = List.of(RedisKeys.DEADLINES, RedisKeys.INFLIGHT, RedisKeys.DEAD_LETTER);
        List<String> args = List.of(batchKey, how, maxAttempts, backoffMillis, reason, ttlMillis);
        return run(FINISH, keys, args).map(BatchClaimer::readFinish);
    }

    private Uni<Response> run(RedisScript script, List<String> keys, List<String> args) {
        return redis.execute("EVALSHA", script.evalShaArguments(keys, args))
                .onFailure(RedisScript::isNoScript)
                .recoverWithUni(() -> redis.execute("EVAL", script.evalArguments(keys, args)));
    }

    private static FinishResult readFinish(Response response) {
        return switch (response.get(0).toInteger()) {
            case 0 -> new FinishResult(FinishResult.Outcome.NOT_LEASED, null, 0, List.of());
            case 1 -> new FinishResult(FinishResult.Outcome.DONE, null, 0, List.of());
            case 3 -> new FinishResult(FinishResult.Outcome.NOTHING_NEW, null, 0, List.of());
            default -> new FinishResult(FinishResult.Outcome.DEAD_LETTERED, response.get(1).toString(),
                    response.get(2).toInteger(), messages(response, 3, "dead letter"));
        };
    }

    private static ClaimResult read(Response response) {
        long now = response.get(0).toLong();
        if (response.size() == 1) {
            return new ClaimResult(now, Optional.empty(), OptionalLong.empty());
        }
        if (response.size() == 2) {
            return new ClaimResult(now, Optional.empty(), OptionalLong.of(response.get(1).toLong()));
        }
        String key = response.get(3).toString();
        ClaimedBatch batch = new ClaimedBatch(ClaimedBatch.idOf(key), key, response.get(2).toString(),
                response.get(1).toLong(), now, response.get(4).toInteger(), response.get(5).toInteger() == 1,
                response.get(6).toInteger() == 1, messages(response, 7, key));
        return new ClaimResult(now, Optional.of(batch), OptionalLong.empty());
    }

    private static List<UnifiedMessage> messages(Response response, int from, String where) {
        List<UnifiedMessage> messages = new ArrayList<>(Math.max(0, response.size() - from));
        for (int i = from; i < response.size(); i++) {
            try {
                messages.add(JsonCodec.decode(response.get(i).toString(), UnifiedMessage.class));
            } catch (IllegalArgumentException unreadable) {
                // PostgreSQL keeps the message; the reconciler brings it back in a readable form.
                Log.errorf("unreadable message in %s skipped: %s", where, unreadable.getMessage());
            }
        }
        return List.copyOf(messages);
    }
}

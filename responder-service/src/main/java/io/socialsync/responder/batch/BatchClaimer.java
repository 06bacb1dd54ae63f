package io.socialsync.responder.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.ScoredValue;
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
 * superseded by newer messages, retried, rechecked later, handed back, or dead-lettered. Every step is one Lua script
 * that names every key it touches, so replicas never see a half-moved batch; every step but the sweep needs the
 * claim's owner token.
 */
@ApplicationScoped
public class BatchClaimer {

    private static final RedisScript CLAIM = RedisScript.load(BatchClaimer.class, "claim");
    private static final RedisScript FINISH = RedisScript.load(BatchClaimer.class, "finish");
    private static final RedisScript RESTORE = RedisScript.load(BatchClaimer.class, "restore");
    private static final int SWEEP_LIMIT = 100;
    /** Members looked at per claim call before the loop is told to look again (deferred windows, lost races). */
    private static final int CLAIM_TRIES = 20;
    /** Earliest members looked at per claim; one of the due ones is tried. */
    private static final int CANDIDATES = 16;
    private static final long CLOCK_SLACK_MILLIS = 1_000;
    private static final int CLAIMED = 2;
    private static final int NOT_DUE = 1;

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

    /** Claims the most overdue batch if one is due, else says when the earliest will be. */
    public Uni<ClaimResult> claimNext() {
        return claimDue(1);
    }

    /**
     * Claims up to {@code max} due batches in one script call, else says when the earliest will be. Under load one
     * round trip serves many batches; a lone due batch is claimed as soon as before.
     */
    public Uni<ClaimResult> claimDue(int max) {
        return claimDue(Math.max(1, max), CLAIM_TRIES);
    }

    private Uni<ClaimResult> claimDue(int max, int triesLeft) {
        return redis.sortedSet(String.class).zrangeWithScores(RedisKeys.DEADLINES, 0, CANDIDATES - 1)
                .flatMap(earliest -> {
                    long now = System.currentTimeMillis();
                    if (earliest.isEmpty()) {
                        return Uni.createFrom().item(ClaimResult.nothingDue(now, OptionalLong.empty()));
                    }
                    if (earliest.get(0).score() > now + CLOCK_SLACK_MILLIS) {
                        // Far from due even allowing for clock skew: no script call needed to know it.
                        return Uni.createFrom().item(
                                ClaimResult.nothingDue(now, OptionalLong.of((long) earliest.get(0).score())));
                    }
                    List<String> due = new ArrayList<>(earliest.stream()
                            .filter(member -> member.score() <= now + CLOCK_SLACK_MILLIS).map(ScoredValue::value)
                            .toList());
                    // In random order: replicas claiming at once rarely chase the same members.
                    Collections.shuffle(due, ThreadLocalRandom.current());
                    return claim(due.subList(0, Math.min(max, due.size()))).flatMap(result -> {
                        if (!result.batches().isEmpty() || result.nextDeadline().isPresent()) {
                            return Uni.createFrom().item(result);
                        }
                        // Taken by another replica, deferred behind its active batch, or gone: look again, here
                        // or (tries spent) at the loop's next turn, at once.
                        return triesLeft > 1
                                ? claimDue(max, triesLeft - 1)
                                : Uni.createFrom().item(ClaimResult.nothingDue(now, OptionalLong.of(now)));
                    });
                });
    }

    private Uni<ClaimResult> claim(List<String> members) {
        List<String> keys = new ArrayList<>(2 + members.size() * 7);
        keys.add(RedisKeys.DEADLINES);
        keys.add(RedisKeys.INFLIGHT);
        List<String> args = new ArrayList<>(2 + members.size() * 2);
        args.add(leaseMillis);
        args.add(ttlMillis);
        List<String> owners = new ArrayList<>(members.size());
        for (String member : members) {
            String conversation = RedisKeys.conversationOf(member);
            String batch = RedisKeys.isBatch(member) ? member : RedisKeys.batch(conversation, UUID.randomUUID());
            String owner = UUID.randomUUID().toString();
            keys.addAll(List.of(conversation, RedisKeys.activeBatch(conversation), RedisKeys.deferred(conversation),
                    RedisKeys.superseded(conversation), RedisKeys.windowOpened(conversation), batch,
                    RedisKeys.batchMeta(batch)));
            args.add(member);
            args.add(owner);
            owners.add(owner);
        }
        return CLAIM.run(redis, keys, args).map(response -> read(response, owners));
    }

    /** The batch is answered (or needs no answer): release its lease and its list. */
    public Uni<FinishResult> complete(ClaimedBatch batch) {
        return finish(batch.key(), "complete", batch.owner(), "", backoffMillis);
    }

    /**
     * Fresh reply: if the customer wrote again while the reply was being written, the batch goes back in front of
     * the new window and the caller must not send. Answers {@link FinishResult.Outcome#NOTHING_NEW} when the reply
     * is still current.
     */
    public Uni<FinishResult> supersedeIfNewMessages(ClaimedBatch batch) {
        return finish(batch.key(), "supersede", batch.owner(), "", backoffMillis);
    }

    /** The attempt failed: another one after the backoff, or the dead letter after the last. */
    public Uni<FinishResult> retry(ClaimedBatch batch, String reason) {
        return finish(batch.key(), "retry", batch.owner(), reason, backoffMillis);
    }

    /** The reply waits for the platform to confirm a send: the batch is due again after {@code delay}, uncounted. */
    public Uni<FinishResult> recheck(ClaimedBatch batch, Duration delay) {
        return finish(batch.key(), "recheck", batch.owner(), "", String.valueOf(Math.max(1, delay.toMillis())));
    }

    /** Straight to the dead letter, for an operator to decide. */
    public Uni<FinishResult> deadLetter(ClaimedBatch batch, String reason) {
        return finish(batch.key(), "dead", batch.owner(), reason, backoffMillis);
    }

    /** This replica stops: the batch goes back on the deadlines for another one, without counting an attempt. */
    public Uni<FinishResult> release(ClaimedBatch batch) {
        return finish(batch.key(), "release", batch.owner(), "", backoffMillis);
    }

    /** The owner is still working on the batch (a slow send): its lease runs a full lease from now. */
    public Uni<FinishResult> renew(ClaimedBatch batch) {
        return finish(batch.key(), "renew", batch.owner(), "", backoffMillis);
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
                    return Uni.join().all(expired.stream()
                            .map(key -> finish(key, "expired", "", "lease_expired", backoffMillis)).toList())
                            .andFailFast()
                            .map(results -> results.stream()
                                    .filter(result -> !result.is(FinishResult.Outcome.NOT_LEASED)).toList());
                });
    }

    /**
     * Puts a batch whose reply was being sent back on the deadlines under its own id, when Redis no longer knows it
     * (data lost). @return whether it was restored
     */
    public Uni<Boolean> restore(UUID batchId, String conversationKey, List<UnifiedMessage> messages) {
        String batch = RedisKeys.batch(conversationKey, batchId);
        List<String> args = new ArrayList<>(messages.size() + 1);
        args.add(ttlMillis);
        messages.forEach(message -> args.add(JsonCodec.encode(message)));
        return RESTORE.run(redis, List.of(RedisKeys.DEADLINES, RedisKeys.INFLIGHT, batch, RedisKeys.batchMeta(batch),
                conversationKey), args).map(restored -> restored.toInteger() == 1);
    }

    private Uni<FinishResult> finish(String batchKey, String how, String owner, String reason, String delayMillis) {
        String conversation = RedisKeys.conversationOf(batchKey);
        List<String> keys = List.of(RedisKeys.DEADLINES, RedisKeys.INFLIGHT, RedisKeys.DEAD_LETTER, batchKey,
                RedisKeys.batchMeta(batchKey), conversation, RedisKeys.activeBatch(conversation),
                RedisKeys.deferred(conversation), RedisKeys.superseded(conversation));
        List<String> args = List.of(how, owner, maxAttempts, delayMillis, reason, ttlMillis, leaseMillis);
        return FINISH.run(redis, keys, args).map(BatchClaimer::readFinish);
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

    private static ClaimResult read(Response response, List<String> owners) {
        long now = response.get(0).toLong();
        List<ClaimedBatch> claimed = new ArrayList<>();
        OptionalLong earliestNotDue = OptionalLong.empty();
        for (int i = 1; i < response.size(); i++) {
            Response one = response.get(i);
            int status = one.get(0).toInteger();
            if (status == NOT_DUE) {
                long deadline = one.get(1).toLong();
                if (earliestNotDue.isEmpty() || deadline < earliestNotDue.getAsLong()) {
                    earliestNotDue = OptionalLong.of(deadline);
                }
            } else if (status == CLAIMED) {
                String key = one.get(3).toString();
                claimed.add(new ClaimedBatch(ClaimedBatch.idOf(key), key, owners.get(i - 1), one.get(2).toString(),
                        one.get(1).toLong(), now, one.get(4).toInteger(), one.get(5).toInteger() == 1,
                        one.get(6).toInteger() == 1, messages(one, 7, key)));
            }
        }
        return new ClaimResult(now, List.copyOf(claimed), earliestNotDue);
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

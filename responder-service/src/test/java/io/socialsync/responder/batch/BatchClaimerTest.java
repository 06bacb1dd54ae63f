package io.socialsync.responder.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.Platform;
import io.socialsync.model.RedisKeys;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.model.UnifiedMessageType;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.testsupport.RealServersResource;

/**
 * The claim script against a real Redis. Conversations here are scheduled far in the past or the future, with
 * accounts nobody serves, so the running claim loop of the test application cannot take them first unnoticed.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class BatchClaimerTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    @Inject
    BatchClaimer claimer;

    @Inject
    RedisDataSource redis;

    @Test
    void manyConcurrentClaimersGetEachDueBatchExactlyOnce() {
        int conversations = 50;
        List<String> keys = new ArrayList<>();
        long farAway = System.currentTimeMillis() + 3_600_000;
        for (int i = 0; i < conversations; i++) {
            keys.add(window(message("claim-" + UUID.randomUUID()), farAway));
        }
        // All fall due at once (one ZADD): written one by one, the application's idle loop took each as it came.
        Map<String, Double> due = new HashMap<>();
        keys.forEach(key -> due.put(key, (double) (System.currentTimeMillis() - 1)));
        redis.sortedSet(String.class).zadd(RedisKeys.DEADLINES, due);
        // 200 claims race for 50 due batches (and whatever else is due in this Redis).
        List<ClaimResult> results = Uni.join()
                .all(IntStream.range(0, 200).mapToObj(i -> claimer.claimNext()).toList())
                .andFailFast().await().atMost(AWAIT);
        List<String> claimedOfOurs = results.stream()
                .flatMap(result -> result.batch().stream())
                .map(ClaimedBatch::conversationKey)
                .filter(keys::contains)
                .toList();
        List<String> missing = keys.stream().filter(key -> !claimedOfOurs.contains(key)).toList();
        // The application's own loop may have taken a few; it completes them itself. None may be taken twice.
        assertEquals(claimedOfOurs.size(), claimedOfOurs.stream().distinct().count(), "no batch claimed twice");
        for (String key : missing) {
            assertEquals(0, redis.sortedSet(String.class).zscore(RedisKeys.DEADLINES, key).isPresent() ? 1 : 0,
                    "not left behind: " + key);
        }
        assertTrue(claimedOfOurs.size() > 0);
    }

    @Test
    void aClaimMovesTheWindowIntoALeasedBatchAndFreesTheConversation() {
        UnifiedMessage message = message("claim-" + UUID.randomUUID());
        String conversation = window(message, System.currentTimeMillis() - 5);
        ClaimedBatch batch = claimUntilFound(conversation);

        assertEquals(List.of(message), batch.messages());
        assertTrue(batch.latenessMillis() >= 5, "lateness counts from the deadline");
        assertTrue(batch.key().startsWith(conversation + ":batch:"));
        double lease = redis.sortedSet(String.class).zscore(RedisKeys.INFLIGHT, batch.key()).orElseThrow();
        assertEquals(batch.claimedAt() + 60_000, (long) lease, "leased for the configured 60 s");
        assertEquals(false, redis.key().exists(conversation), "the next message opens a new window");

        claimer.complete(batch).await().atMost(AWAIT);
        assertEquals(false, redis.key().exists(batch.key()));
        assertTrue(redis.sortedSet(String.class).zscore(RedisKeys.INFLIGHT, batch.key()).isEmpty());
    }

    @Test
    void onlyTheCurrentOwnerMayEndABatchOnceItsLeaseWasTakenOver() {
        UnifiedMessage message = message("fence-" + UUID.randomUUID());
        String conversation = window(message, System.currentTimeMillis() - 5);
        ClaimedBatch first = claimUntilFound(conversation);
        // The first owner stalls past its lease; the sweep gives the batch back and another claim takes it.
        redis.sortedSet(String.class).zadd(RedisKeys.INFLIGHT, System.currentTimeMillis() - 1, first.key());
        claimer.sweepExpiredLeases().await().atMost(AWAIT);
        redis.sortedSet(String.class).zadd(RedisKeys.DEADLINES, System.currentTimeMillis() - 1_000_000, first.key());
        ClaimedBatch second = claimUntilFound(conversation);
        assertEquals(first.id(), second.id(), "the same batch, claimed again");
        assertTrue(second.claimedBefore());

        assertEquals(FinishResult.Outcome.NOT_LEASED, claimer.complete(first).await().atMost(AWAIT).outcome(),
                "the stale owner cannot complete it");
        assertEquals(FinishResult.Outcome.NOT_LEASED, claimer.retry(first, "stale").await().atMost(AWAIT).outcome());
        assertEquals(FinishResult.Outcome.NOT_LEASED, claimer.renew(first).await().atMost(AWAIT).outcome());
        assertTrue(redis.key().exists(second.key()), "nothing of the new owner's batch was touched");

        assertEquals(FinishResult.Outcome.DONE, claimer.renew(second).await().atMost(AWAIT).outcome());
        assertEquals(FinishResult.Outcome.DONE, claimer.complete(second).await().atMost(AWAIT).outcome());
        assertEquals(false, redis.key().exists(second.key()));
    }

    @Test
    void nothingDueTellsWhenTheNextDeadlineIs() {
        long farAway = System.currentTimeMillis() + 3_600_000;
        String conversation = window(message("claim-" + UUID.randomUUID()), farAway);
        try {
            ClaimResult result = claimer.claimNext().await().atMost(AWAIT);
            if (result.batch().isEmpty()) {
                assertTrue(result.nextDeadline().isPresent());
                assertTrue(result.nextDeadline().getAsLong() <= farAway, "the earliest deadline is reported");
                assertTrue(result.now() > 0);
            }
        } finally {
            redis.sortedSet(String.class).zrem(RedisKeys.DEADLINES, conversation);
            redis.key().del(conversation);
        }
    }

    private ClaimedBatch claimUntilFound(String conversation) {
        Instant giveUp = Instant.now().plus(AWAIT);
        while (Instant.now().isBefore(giveUp)) {
            ClaimResult result = claimer.claimNext().await().atMost(AWAIT);
            if (result.batch().isPresent() && result.batch().get().conversationKey().equals(conversation)) {
                return result.batch().get();
            }
        }
        throw new AssertionError("never claimed " + conversation);
    }

    private String window(UnifiedMessage message, long deadline) {
        String key = message.conversationKey();
        redis.list(String.class).rpush(key, JsonCodec.encode(message));
        redis.sortedSet(String.class).zadd(RedisKeys.DEADLINES, deadline, key);
        return key;
    }

    private static UnifiedMessage message(String customer) {
        return new UnifiedMessage(UUID.randomUUID(), Platform.WHATSAPP, "no-such-account", customer, "wamid.x",
                UnifiedMessageType.TEXT, "hi", null, null, 1, Instant.now(), true);
    }
}

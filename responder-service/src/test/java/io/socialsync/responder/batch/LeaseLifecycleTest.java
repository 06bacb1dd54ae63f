package io.socialsync.responder.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.Platform;
import io.socialsync.model.RedisKeys;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.model.UnifiedMessageType;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.ScriptsOnly;
import io.socialsync.responder.Seeds;
import io.socialsync.responder.reconcile.Reconciler;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A batch's life in Redis, step by step, with the application's own claim loop switched off: one batch in flight
 * per conversation, fresh reply, retries, expired leases, dead letter and replay, hand-back on shutdown, and the
 * reconciler's choice of what to re-enqueue. Real Redis and PostgreSQL; test profile backoff 200 ms.
 */
@QuarkusTest
@TestProfile(ScriptsOnly.class)
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class LeaseLifecycleTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    @Inject
    BatchClaimer claimer;

    @Inject
    DeadLetters deadLetters;

    @Inject
    Reconciler reconciler;

    @Inject
    RedisDataSource redis;

    @Inject
    Pool pool;

    @Test
    void oneCallClaimsSeveralDueBatchesEachOnceAndLeasesEach() {
        // Earlier than anything else in this Redis, so they are the candidates every claimer looks at first; no
        // claim loop runs in this profile to take them first.
        long longAgo = System.currentTimeMillis() - 10_000_000;
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            keys.add(window(message("multi-" + UUID.randomUUID(), "hi"), longAgo + i));
        }
        List<ClaimResult> results = Uni.join()
                .all(java.util.stream.IntStream.range(0, 3).mapToObj(i -> claimer.claimDue(8)).toList())
                .andFailFast().await().atMost(AWAIT);
        List<ClaimedBatch> ours = results.stream().flatMap(result -> result.batches().stream())
                .filter(batch -> keys.contains(batch.conversationKey())).toList();

        assertTrue(results.stream().anyMatch(result -> result.batches().size() > 1),
                "a call claims more than one due batch");
        assertEquals(ours.size(), ours.stream().map(ClaimedBatch::conversationKey).distinct().count(),
                "no batch claimed twice");
        for (ClaimedBatch batch : ours) {
            assertEquals(1, batch.messages().size());
            assertEquals(batch.conversationKey(), batch.messages().get(0).conversationKey(),
                    "each batch holds its own conversation's messages");
            assertTrue(redis.sortedSet(String.class).zscore(RedisKeys.INFLIGHT, batch.key()).isPresent(), "leased");
            assertEquals(FinishResult.Outcome.DONE, claimer.complete(batch).await().atMost(AWAIT).outcome(),
                    "each batch's own owner token ends it");
        }
    }

    @Test
    void aConversationHasOneBatchInFlightAndItsNextWindowWaitsForIt() {
        String customer = "one-" + UUID.randomUUID();
        UnifiedMessage first = message(customer, "first");
        String conversation = window(first, System.currentTimeMillis() - 1);
        ClaimedBatch inFlight = claimUntilFound(conversation);

        UnifiedMessage second = message(customer, "second");
        window(second, System.currentTimeMillis() - 1);
        for (int i = 0; i < 20; i++) {
            claimNext().batch().ifPresent(other -> assertFalse(other.conversationKey().equals(conversation),
                    "a second batch of one conversation while the first is in flight"));
        }
        double deferredTo = zscore(RedisKeys.DEADLINES, conversation).orElseThrow();
        assertTrue(deferredTo >= inFlight.claimedAt() + 60_000 - 1, "deferred to the lease's end: " + deferredTo);

        claimer.complete(inFlight).await().atMost(AWAIT);
        assertTrue(zscore(RedisKeys.DEADLINES, conversation).orElseThrow() <= System.currentTimeMillis() + 5,
                "due at once when the batch in flight ends");
        ClaimedBatch next = claimUntilFound(conversation);
        assertEquals(List.of(second), next.messages());
        claimer.complete(next).await().atMost(AWAIT);
    }

    @Test
    void aReplyOvertakenByNewMessagesIsNotSentAndItsMessagesJoinTheNextBatchOnce() {
        String customer = "fresh-" + UUID.randomUUID();
        UnifiedMessage first = message(customer, "first");
        String conversation = window(first, System.currentTimeMillis() - 1);
        ClaimedBatch batch = claimUntilFound(conversation);

        assertTrue(claimer.supersedeIfNewMessages(batch).await().atMost(AWAIT).is(FinishResult.Outcome.NOTHING_NEW),
                "nothing new: the reply is current and the batch still ours");
        assertTrue(zscore(RedisKeys.INFLIGHT, batch.key()).isPresent());

        UnifiedMessage second = message(customer, "second");
        long nextDeadline = System.currentTimeMillis() + 300;
        window(second, nextDeadline);
        assertTrue(claimer.supersedeIfNewMessages(batch).await().atMost(AWAIT).is(FinishResult.Outcome.DONE));
        assertTrue(zscore(RedisKeys.INFLIGHT, batch.key()).isEmpty(), "no longer in flight");
        assertEquals(List.of(JsonCodec.encode(first), JsonCodec.encode(second)),
                redis.list(String.class).lrange(conversation, 0, -1), "old messages in front of the new ones");
        assertEquals(nextDeadline, zscore(RedisKeys.DEADLINES, conversation).orElseThrow().longValue(),
                "the new window keeps its deadline");

        ClaimedBatch merged = claimUntilFound(conversation);
        assertEquals(List.of(first, second), merged.messages());
        assertTrue(merged.freshRuleUsed(), "this batch is answered even if the customer keeps typing");
        claimer.complete(merged).await().atMost(AWAIT);
    }

    @Test
    void aBatchThatKeepsFailingIsRetriedUnderItsIdThenDeadLetteredAndReplayed() {
        Seeds.Business business = Seeds.business(pool);
        String customer = "49151" + (long) (Math.random() * 1e8);
        UnifiedMessage stored = Seeds.inbound(pool, business, customer, "please fail").get(0);
        String conversation = window(stored, System.currentTimeMillis() - 1);

        ClaimedBatch batch = claimUntilFound(conversation);
        for (int attempt = 1; attempt < 3; attempt++) {
            FinishResult retried = claimer.retry(batch, "TestFailure").await().atMost(AWAIT);
            assertTrue(retried.is(FinishResult.Outcome.DONE));
            ClaimedBatch again = claimUntilFound(batch.key());
            assertEquals(batch.id(), again.id(), "the same batch, under its own id");
            assertEquals(attempt, again.attempts());
            assertEquals(List.of(stored), again.messages());
            batch = again;
        }
        FinishResult dead = claimer.retry(batch, "TestFailure").await().atMost(AWAIT);
        assertTrue(dead.is(FinishResult.Outcome.DEAD_LETTERED), "third failure: dead letter");
        assertEquals(3, dead.attempts());
        assertEquals(List.of(stored), dead.deadLettered());
        deadLetters.recordDead(dead, "TestFailure").await().atMost(AWAIT);
        assertEquals("failed", status(stored.id()));
        assertFalse(redis.key().exists(batch.key()));
        assertTrue(zscore(RedisKeys.DEADLINES, batch.key()).isEmpty());

        UUID batchId = batch.id();
        DeadLetter letter = deadLetterOf(batchId);
        assertEquals(List.of(stored.id()), letter.messageIds());
        assertEquals("TestFailure", letter.reason());
        assertEquals(conversation, letter.conversation());

        assertEquals(Optional.of(1), deadLetters.replay(letter.id()).await().atMost(AWAIT));
        assertEquals("received", status(stored.id()));
        assertEquals(Optional.empty(), deadLetters.replay(letter.id()).await().atMost(AWAIT), "replayed once");
        ClaimedBatch replayed = claimUntilFound(conversation);
        assertEquals(List.of(stored), replayed.messages());
        assertEquals(0, replayed.attempts(), "a replay starts counting afresh");
        claimer.complete(replayed).await().atMost(AWAIT);
    }

    /**
     * The dead letter of {@code batchId}, paging through the stream: a Redis that outlives test runs holds the dead
     * letters of earlier ones too, more than one page.
     */
    private DeadLetter deadLetterOf(UUID batchId) {
        String after = null;
        while (true) {
            List<DeadLetter> page = deadLetters.list(1000, after).await().atMost(AWAIT);
            Optional<DeadLetter> found = page.stream().filter(entry -> batchId.equals(entry.batchId())).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (page.isEmpty()) {
                throw new AssertionError("no dead letter for batch " + batchId);
            }
            after = page.get(page.size() - 1).id();
        }
    }

    @Test
    void anExpiredLeaseIsSweptBackAndCountsAsAnAttempt() {
        UnifiedMessage message = message("sweep-" + UUID.randomUUID(), "hello");
        window(message, System.currentTimeMillis() - 1);
        ClaimedBatch batch = claimUntilFound(message.conversationKey());
        claimer.sweepExpiredLeases().await().atMost(AWAIT);
        assertTrue(zscore(RedisKeys.INFLIGHT, batch.key()).isPresent(), "a live lease is not swept");

        redis.sortedSet(String.class).zadd(RedisKeys.INFLIGHT, System.currentTimeMillis() - 1, batch.key());
        claimer.sweepExpiredLeases().await().atMost(AWAIT);
        assertTrue(zscore(RedisKeys.INFLIGHT, batch.key()).isEmpty());
        assertTrue(zscore(RedisKeys.DEADLINES, batch.key()).isPresent(), "back on the deadlines");
        ClaimedBatch again = claimUntilFound(batch.key());
        assertEquals(batch.id(), again.id());
        assertEquals(1, again.attempts());
        claimer.complete(again).await().atMost(AWAIT);
    }

    @Test
    void aStoppingReplicaHandsItsBatchBackWithoutCountingAnAttempt() {
        UnifiedMessage message = message("release-" + UUID.randomUUID(), "hello");
        window(message, System.currentTimeMillis() - 1);
        ClaimedBatch batch = claimUntilFound(message.conversationKey());
        assertTrue(claimer.release(batch).await().atMost(AWAIT).is(FinishResult.Outcome.DONE));
        assertTrue(zscore(RedisKeys.DEADLINES, batch.key()).orElseThrow() <= System.currentTimeMillis());
        ClaimedBatch again = claimUntilFound(batch.key());
        assertEquals(batch.id(), again.id());
        assertEquals(0, again.attempts());
        claimer.complete(again).await().atMost(AWAIT);
        assertTrue(claimer.release(again).await().atMost(AWAIT).is(FinishResult.Outcome.NOT_LEASED),
                "a completed batch cannot be handed back");
    }

    @Test
    void theReconcilerReEnqueuesStoredMessagesThatRedisForgotAndOnlyThose() {
        Seeds.Business business = Seeds.business(pool);
        List<UnifiedMessage> stored = Seeds.inbound(pool, business, "49160" + (long) (Math.random() * 1e8),
                "forgotten by Redis", "still in a window", "already answered", "too recent");
        UUID forgotten = stored.get(0).id();
        UUID windowed = stored.get(1).id();
        UUID answered = stored.get(2).id();
        UUID recent = stored.get(3).id();
        pool.preparedQuery("UPDATE messages SET created_at = now() - interval '10 seconds' WHERE id = ANY($1)")
                .execute(Tuple.of(new UUID[]{forgotten, windowed, answered})).await().atMost(AWAIT);
        pool.preparedQuery("UPDATE messages SET status = 'answered' WHERE id = $1").execute(Tuple.of(answered))
                .await().atMost(AWAIT);
        redis.value(String.class).set(RedisKeys.windowed(windowed), "1");

        int added = reconciler.reconcile().await().atMost(AWAIT);
        assertTrue(added >= 1, "at least ours: " + added);
        List<UnifiedMessage> entries = redis.stream(String.class, String.class, String.class)
                .xrevrange(RedisKeys.INBOUND_STREAM, io.quarkus.redis.datasource.stream.StreamRange.of("+", "-"),
                        added + 50)
                .stream().map(StreamMessage::payload).map(LeaseLifecycleTest::decode).toList();
        List<UUID> enqueued = entries.stream().map(UnifiedMessage::id).toList();
        assertTrue(enqueued.contains(forgotten), "a stored message that Redis does not know goes back");
        assertFalse(enqueued.contains(windowed), "a message still in a window is left alone");
        assertFalse(enqueued.contains(answered), "an answered message is left alone");
        assertFalse(enqueued.contains(recent), "a message within the grace period is left alone");
        UnifiedMessage back = entries.stream().filter(entry -> entry.id().equals(forgotten)).findFirst()
                .orElseThrow();
        assertEquals(business.phoneNumberId(), back.accountId(), "in the entry format ingest writes");
        assertEquals(stored.get(0).contactId(), back.contactId());
        assertEquals("forgotten by Redis", back.text());
    }

    @Test
    void heldMessagesGoBackWhenTheAccountIsActiveAgainAndThoseTooOldGoToAPerson() {
        Seeds.Business business = Seeds.business(pool);
        List<UnifiedMessage> stored = Seeds.inbound(pool, business, "49161" + (long) (Math.random() * 1e8),
                "held an hour", "held two days");
        UUID recent = stored.get(0).id();
        UUID old = stored.get(1).id();
        execute("UPDATE messages SET status = 'held', status_detail = 'token rejected' WHERE id = ANY($1)",
                new UUID[]{recent, old});
        execute("UPDATE messages SET created_at = now() - interval '1 hour' WHERE id = $1", recent);
        execute("UPDATE messages SET created_at = now() - interval '2 days' WHERE id = $1", old);
        // It was windowed once, before the account was flagged: the marker must not keep it out of the stream.
        redis.value(String.class).set(RedisKeys.windowed(recent), "1");
        execute("UPDATE social_accounts SET active = false, flagged_reason = 'HTTP 401, Graph error 190' WHERE id = $1",
                business.accountId());

        reconciler.reconcile().await().atMost(AWAIT);
        assertEquals("held", status(recent), "held while the account is flagged");

        execute("UPDATE social_accounts SET active = true, flagged_reason = NULL WHERE id = $1", business.accountId());
        int added = reconciler.reconcile().await().atMost(AWAIT);

        assertEquals("received", status(recent));
        assertTrue(streamIds(added).contains(recent), "on the stream again, to be answered");
        assertEquals("awaiting_human", status(old), "too old to answer: a person sees it");
        assertEquals(1L, pool.preparedQuery("""
                SELECT count(*) FROM escalations WHERE reason = 'held_too_old' AND resolved_at IS NULL
                AND conversation_id = (SELECT conversation_id FROM messages WHERE id = $1)""").execute(Tuple.of(old))
                .await().atMost(AWAIT).iterator().next().getLong(0));
    }

    @Test
    void aBatchWhoseReplyWasBeingSentWhenRedisLostItsDataIsRestoredUnderItsOwnIdOnce() {
        Seeds.Business business = Seeds.business(pool);
        List<UnifiedMessage> stored = Seeds.inbound(pool, business, "49162" + (long) (Math.random() * 1e8),
                "was being answered");
        UUID batchId = UUID.randomUUID();
        execute("""
                UPDATE messages SET status = 'replying', batch_id = '%s', updated_at = now() - interval '10 minutes'
                WHERE id = $1""".formatted(batchId), stored.get(0).id());
        execute("""
                INSERT INTO messages (id, conversation_id, account_id, direction, type, text, status, batch_id, part,
                                      send_attempts, last_send_at, sent_at)
                SELECT gen_random_uuid(), conversation_id, account_id, 'outbound', 'text', 'recorded reply', 'sending',
                       batch_id, 0, 1, now() - interval '10 minutes', now()
                FROM messages WHERE id = $1""", stored.get(0).id());

        reconciler.reconcile().await().atMost(AWAIT);

        String batchKey = RedisKeys.batch(stored.get(0).conversationKey(), batchId);
        assertTrue(zscore(RedisKeys.DEADLINES, batchKey).isPresent(), "due again under its own id");
        assertEquals(List.of(stored.get(0).id()), redis.list(String.class).lrange(batchKey, 0, -1).stream()
                .map(json -> JsonCodec.decode(json, UnifiedMessage.class).id()).toList());
        ClaimedBatch restored = claimUntilFound(batchKey);
        assertTrue(restored.claimedBefore(), "its recorded reply is resumed, not written anew");
        assertEquals(batchId, restored.id());

        reconciler.reconcile().await().atMost(AWAIT);
        assertTrue(zscore(RedisKeys.DEADLINES, batchKey).isEmpty(), "a batch Redis knows is not restored again");
        claimer.complete(restored).await().atMost(AWAIT);
    }

    @Test
    void theReconcilerPagesThroughABacklogLargerThanOnePage() {
        Seeds.Business business = Seeds.business(pool);
        UnifiedMessage first = Seeds.inbound(pool, business, "49163" + (long) (Math.random() * 1e8), "backlog 0")
                .get(0);
        execute("""
                INSERT INTO messages (id, conversation_id, account_id, direction, type, text, platform_message_id,
                                      status, sent_at, created_at)
                SELECT gen_random_uuid(), conversation_id, account_id, 'inbound', 'text', 'backlog ' || n,
                       'wamid.backlog-' || gen_random_uuid(), 'received', now(), now() - interval '10 seconds'
                FROM messages, generate_series(1, 2500) AS n WHERE id = $1""", first.id());
        List<UUID> ours = pool.preparedQuery("SELECT id FROM messages WHERE conversation_id = (SELECT conversation_id "
                + "FROM messages WHERE id = $1) AND text LIKE 'backlog %' AND id <> $1").execute(Tuple.of(first.id()))
                .await().atMost(AWAIT).stream().map(row -> row.getUUID(0)).toList();

        int added = reconciler.reconcile().await().atMost(AWAIT);

        assertTrue(added >= 2500, "more than one page of 1000 in one run: " + added);
        List<UUID> enqueued = streamIds(added);
        assertTrue(enqueued.containsAll(ours), "every message of the backlog");
    }

    private List<UUID> streamIds(int added) {
        return redis.stream(String.class, String.class, String.class)
                .xrevrange(RedisKeys.INBOUND_STREAM, io.quarkus.redis.datasource.stream.StreamRange.of("+", "-"),
                        added + 50)
                .stream().map(StreamMessage::payload).map(LeaseLifecycleTest::decode).map(UnifiedMessage::id)
                .toList();
    }

    private void execute(String sql, Object parameter) {
        pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(AWAIT);
    }

    private static UnifiedMessage decode(Map<String, String> payload) {
        assertEquals("1", payload.get("v"));
        return JsonCodec.decode(payload.get("message"), UnifiedMessage.class);
    }

    private String status(UUID message) {
        return pool.preparedQuery("SELECT status FROM messages WHERE id = $1").execute(Tuple.of(message))
                .await().atMost(AWAIT).iterator().next().getString(0);
    }

    private ClaimResult claimNext() {
        return claimer.claimNext().await().atMost(AWAIT);
    }

    /** Claims until the batch of this conversation (or this batch key) comes up; others are left leased. */
    private ClaimedBatch claimUntilFound(String conversationOrBatchKey) {
        Instant giveUp = Instant.now().plus(AWAIT);
        while (Instant.now().isBefore(giveUp)) {
            Optional<ClaimedBatch> batch = claimNext().batch();
            if (batch.isPresent() && (batch.get().conversationKey().equals(conversationOrBatchKey)
                    || batch.get().key().equals(conversationOrBatchKey))) {
                return batch.get();
            }
            if (batch.isEmpty()) {
                Seeds.pause(20);
            }
        }
        throw new AssertionError("never claimed " + conversationOrBatchKey);
    }

    private Optional<Double> zscore(String key, String member) {
        var score = redis.sortedSet(String.class).zscore(key, member);
        return score.isPresent() ? Optional.of(score.getAsDouble()) : Optional.empty();
    }

    private String window(UnifiedMessage message, long deadline) {
        String key = message.conversationKey();
        redis.list(String.class).rpush(key, JsonCodec.encode(message));
        redis.sortedSet(String.class).zadd(RedisKeys.DEADLINES, deadline, key);
        return key;
    }

    private static UnifiedMessage message(String customer, String text) {
        return new UnifiedMessage(UUID.randomUUID(), Platform.WHATSAPP, "no-such-account", customer, "wamid.x",
                UnifiedMessageType.TEXT, text, null, null, 1, Instant.now(), true);
    }
}

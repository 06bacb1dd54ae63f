package io.socialsync.batcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socialsync.batcher.window.WindowStore;
import io.socialsync.batcher.window.WindowUpdate;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.Platform;
import io.socialsync.model.RedisKeys;
import io.socialsync.model.StreamFields;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.model.UnifiedMessageType;
import io.socialsync.testsupport.RealServersResource;

/** The window script and the stream consumer against a real Redis (test profile: window 1 s, max wait 3 s). */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL, initArgs = @ResourceArg(name = "postgres", value = "false"))
class WindowTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    @Inject
    WindowStore windows;

    @Inject
    RedisDataSource redis;

    @Test
    void eachMessageMovesTheDeadlineToNowPlusTheWindow() throws InterruptedException {
        String customer = newCustomer();
        WindowUpdate first = add(message(Platform.WHATSAPP, customer));
        assertEquals(1000, first.deadline() - first.now(), "due one window after the first message");
        Thread.sleep(300);
        WindowUpdate second = add(message(Platform.WHATSAPP, customer));
        assertEquals(1000, second.deadline() - second.now(), "the window slides");
        assertTrue(second.deadline() >= first.deadline() + 300, "a later message moves the deadline later");

        String conversation = RedisKeys.conversation(Platform.WHATSAPP, "acc-1", customer);
        assertEquals(second.deadline(), deadlineOf(conversation));
        assertEquals(2, redis.list(String.class).llen(conversation));
        long ttl = redis.key().pttl(conversation);
        assertTrue(ttl > 29 * 60_000 && ttl <= 30 * 60_000, "windows live 30 min, not forever: " + ttl);
    }

    @Test
    void aCustomerWhoNeverPausesIsAnsweredAtTheMaxWait() throws InterruptedException {
        String customer = newCustomer();
        WindowUpdate first = add(message(Platform.WHATSAPP, customer));
        WindowUpdate last = first;
        for (int i = 0; i < 8; i++) {
            Thread.sleep(400);
            last = add(message(Platform.WHATSAPP, customer));
        }
        assertTrue(last.now() - first.now() >= 3000, "kept typing past the max wait");
        assertEquals(first.now() + 3000, last.deadline(), "capped at the first message + max wait");
    }

    @Test
    void aMessageEntersItsWindowOnce() {
        String customer = newCustomer();
        UnifiedMessage message = message(Platform.WHATSAPP, customer);
        WindowUpdate first = add(message);
        WindowUpdate again = add(message);
        assertTrue(!first.duplicate() && again.duplicate());
        assertEquals(1, redis.list(String.class).llen(message.conversationKey()));
        assertEquals(first.deadline(), deadlineOf(message.conversationKey()), "a duplicate does not move the deadline");
    }

    @Test
    void aPlatformCanHaveItsOwnWindow() {
        WindowUpdate update = add(message(Platform.INSTAGRAM, newCustomer()));
        assertEquals(400, update.deadline() - update.now());
    }

    @Test
    void theConsumerWindowsWhatIngestEnqueuesInOrderAndAcknowledgesIt() throws InterruptedException {
        String customer = newCustomer();
        List<UnifiedMessage> burst = List.of(message(Platform.WHATSAPP, customer), message(Platform.WHATSAPP, customer),
                message(Platform.WHATSAPP, customer));
        for (UnifiedMessage message : burst) {
            redis.stream(String.class).xadd(RedisKeys.INBOUND_STREAM,
                    Map.of(StreamFields.SCHEMA_VERSION, StreamFields.CURRENT_SCHEMA_VERSION, StreamFields.MESSAGE,
                            JsonCodec.encode(message)));
        }
        String conversation = burst.get(0).conversationKey();
        Instant giveUp = Instant.now().plus(AWAIT);
        while (redis.list(String.class).llen(conversation) < 3 && Instant.now().isBefore(giveUp)) {
            Thread.sleep(20);
        }
        List<UUID> windowed = redis.list(String.class).lrange(conversation, 0, -1).stream()
                .map(json -> JsonCodec.decode(json, UnifiedMessage.class).id())
                .toList();
        assertEquals(burst.stream().map(UnifiedMessage::id).toList(), windowed, "all three, in order");
        assertTrue(deadlineOf(conversation) > 0, "the conversation has a deadline");
        while (pendingCount() > 0 && Instant.now().isBefore(giveUp)) {
            Thread.sleep(20);
        }
        assertEquals(0, pendingCount(), "every entry acknowledged after its window was written");
    }

    @Test
    void theTraceContextOfAStreamEntryTravelsWithItsMessageIntoTheBatch() throws InterruptedException {
        String customer = newCustomer();
        UnifiedMessage traced = message(Platform.WHATSAPP, customer);
        UnifiedMessage untraced = message(Platform.WHATSAPP, customer);
        String traceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        redis.stream(String.class).xadd(RedisKeys.INBOUND_STREAM, Map.of(StreamFields.SCHEMA_VERSION,
                StreamFields.CURRENT_SCHEMA_VERSION, StreamFields.TRACE_PARENT, traceParent, StreamFields.MESSAGE,
                JsonCodec.encode(traced)));
        redis.stream(String.class).xadd(RedisKeys.INBOUND_STREAM, Map.of(StreamFields.SCHEMA_VERSION,
                StreamFields.CURRENT_SCHEMA_VERSION, StreamFields.MESSAGE, JsonCodec.encode(untraced)));
        String conversation = traced.conversationKey();
        Instant giveUp = Instant.now().plus(AWAIT);
        while (redis.list(String.class).llen(conversation) < 2 && Instant.now().isBefore(giveUp)) {
            Thread.sleep(20);
        }
        List<UnifiedMessage> batch = redis.list(String.class).lrange(conversation, 0, -1).stream()
                .map(json -> JsonCodec.decode(json, UnifiedMessage.class)).toList();

        // Tracing is off in tests: the batcher adds no span of its own and passes ingest's context on unchanged.
        assertEquals(traced.withTraceParent(traceParent), batch.get(0));
        assertEquals(untraced, batch.get(1), "no trace context, none invented");
    }

    private long pendingCount() {
        var reply = redis.execute("XPENDING", RedisKeys.INBOUND_STREAM, RedisKeys.BATCHER_GROUP);
        return reply.get(0).toLong();
    }

    private WindowUpdate add(UnifiedMessage message) {
        return windows.add(message).await().atMost(AWAIT);
    }

    private long deadlineOf(String conversation) {
        return (long) redis.sortedSet(String.class).zscore(RedisKeys.DEADLINES, conversation).orElse(-1);
    }

    private static String newCustomer() {
        return "cust-" + UUID.randomUUID();
    }

    private static UnifiedMessage message(Platform platform, String customer) {
        return new UnifiedMessage(UUID.randomUUID(), platform, "acc-1", customer, "wamid." + UUID.randomUUID(),
                UnifiedMessageType.TEXT, "hello", null, null, 1, Instant.now(), true);
    }
}

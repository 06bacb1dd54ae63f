package io.socialsync.responder.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.Seeds;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Retention on the real PostgreSQL and Redis: old text goes, the dedupe key stays; streams keep what is needed. */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class RetentionTest {

    private static final Duration AWAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Inject
    RetentionJob job;

    @Test
    void messagesPastTheirTenantsRetentionAreBlankedAndARedeliveryIsStillADuplicate() {
        Seeds.Business keeps400 = Seeds.business(pool);
        Seeds.Business keeps1000 = Seeds.business(pool);
        sql("UPDATE tenants SET retention_days = 1000 WHERE id = $1", keeps1000.tenantId());
        List<UnifiedMessage> old = Seeds.inbound(pool, keeps400, "4917100", "my address is 1 Old Road");
        List<UnifiedMessage> recent = Seeds.moreInbound(pool, keeps400, "4917100", "and today's question");
        List<UnifiedMessage> longKept = Seeds.inbound(pool, keeps1000, "4917200", "kept for longer");
        sql("UPDATE messages SET created_at = now() - interval '401 days', media_id = 'media-1' WHERE id = $1",
                old.get(0).id());
        sql("UPDATE messages SET created_at = now() - interval '401 days' WHERE id = $1", longKept.get(0).id());

        job.run().await().atMost(AWAIT);

        Row blanked = row("SELECT text, media_id, platform_message_id, redacted_at FROM messages WHERE id = $1",
                old.get(0).id());
        assertNull(blanked.getValue("text"));
        assertNull(blanked.getValue("media_id"));
        assertNotNull(blanked.getValue("redacted_at"));
        assertEquals(old.get(0).platformMessageId(), blanked.getString("platform_message_id"), "the dedupe key stays");
        assertEquals("and today's question",
                row("SELECT text FROM messages WHERE id = $1", recent.get(0).id()).getString("text"));
        assertEquals("kept for longer",
                row("SELECT text FROM messages WHERE id = $1", longKept.get(0).id()).getString("text"),
                "the other tenant keeps its messages 1000 days");

        // Meta redelivers the old message: ingest's insert finds its key and stores nothing.
        int stored = pool.preparedQuery("""
                INSERT INTO messages (id, conversation_id, account_id, direction, type, text, platform_message_id,
                                      status, sent_at)
                SELECT $1, conversation_id, account_id, 'inbound', 'text', 'my address is 1 Old Road', $2,
                       'received', now()
                FROM messages WHERE id = $3
                ON CONFLICT (account_id, platform_message_id) DO NOTHING""")
                .execute(Tuple.of(UUID.randomUUID(), old.get(0).platformMessageId(), old.get(0).id()))
                .await().atMost(AWAIT).rowCount();
        assertEquals(0, stored, "a redelivery of a blanked message is a duplicate");
    }

    @Test
    void theInboundStreamLosesWhatEveryGroupAcknowledgedAndNothingElse() {
        String stream = "test:retention:" + UUID.randomUUID();
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(redis.stream(String.class).xadd(stream, new XAddArgs(), java.util.Map.of("message", "m" + i)));
        }
        redis.stream(String.class).xgroupCreate(stream, "batcher", "0");
        List<StreamMessage<String, String, String>> read = redis.stream(String.class).xreadgroup("batcher", "b1",
                stream, ">", new XReadGroupArgs().count(3));
        assertEquals(3, read.size());
        redis.stream(String.class).xack(stream, "batcher", ids.get(0), ids.get(1));

        long trimmed = job.trimAcknowledged(stream).await().atMost(AWAIT);

        assertEquals(2, trimmed);
        assertEquals(ids.subList(2, 5), redis.stream(String.class).xrange(stream,
                io.quarkus.redis.datasource.stream.StreamRange.of("-", "+")).stream().map(StreamMessage::id).toList(),
                "the pending entry and the undelivered ones stay");
        redis.key().del(stream);
    }

    @Test
    void deadLettersOlderThanTheirMaximumAgeAreDropped() {
        String stream = "test:dead:" + UUID.randomUUID();
        long now = System.currentTimeMillis();
        redis.stream(String.class).xadd(stream, new XAddArgs().id((now - Duration.ofDays(20).toMillis()) + "-0"),
                java.util.Map.of("reason", "old"));
        redis.stream(String.class).xadd(stream, new XAddArgs(), java.util.Map.of("reason", "new"));

        assertEquals(1L, job.trimOlderThan(stream, Duration.ofDays(14)).await().atMost(AWAIT));
        assertEquals(1L, redis.stream(String.class).xlen(stream));
        redis.key().del(stream);
    }

    private void sql(String sql, Object... args) {
        pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(AWAIT);
    }

    private Row row(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(AWAIT).iterator().next();
    }
}

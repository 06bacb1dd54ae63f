package io.socialsync.responder.retention;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.Platform;
import io.socialsync.model.RedisKeys;
import io.socialsync.model.StreamFields;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.Seeds;
import io.socialsync.responder.admin.AdminFixtures;
import io.socialsync.responder.platform.limits.OutboundLimiter;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code DELETE /admin/contacts/{id}} on the real PostgreSQL and Redis: afterwards no table, Redis key or stream entry
 * holds the customer's id, phone number or text, and an audit entry without them remains.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class ErasureTest {

    private static final Duration AWAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    @Inject
    RedisDataSource redis;

    @Test
    void anErasedCustomerIsNowhere() {
        Seeds.Business business = Seeds.business(pool);
        String phone = "49170" + (long) (Math.random() * 1_000_000_000L);
        String secret = "secret-" + UUID.randomUUID();
        List<UnifiedMessage> messages = Seeds.inbound(pool, business, phone, "hello " + secret, "I live at " + secret);
        List<UnifiedMessage> bystander = Seeds.inbound(pool, business, "33" + UUID.randomUUID().hashCode(),
                "someone else");
        UUID contact = uuid("SELECT id FROM contacts WHERE account_id = $1 AND platform_contact_id = $2",
                business.accountId(), phone);
        UUID conversation = uuid("SELECT id FROM conversations WHERE contact_id = $1", contact);
        sql("INSERT INTO escalations (tenant_id, conversation_id, reason) VALUES ($1, $2, 'operator')",
                business.tenantId(), conversation);
        placeInRedis(business, phone, messages);
        String bystanderEntry = redis.stream(String.class).xadd(RedisKeys.INBOUND_STREAM, new XAddArgs(),
                Map.of(StreamFields.SCHEMA_VERSION, "1", StreamFields.MESSAGE, JsonCodec.encode(bystander.get(0))));

        given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY).when().delete("/admin/contacts/{id}", contact)
                .then().statusCode(200).body("messages", equalTo(2));

        List<String> needles = List.of(contact.toString(), phone, secret, conversation.toString());
        for (String needle : needles) {
            assertEquals(List.of(), tablesHolding(needle), "tables holding " + needle);
            assertEquals(List.of(), redisHolding(needle), "Redis holding " + needle);
        }
        assertEquals(1L, scalar("SELECT count(*) FROM erasures WHERE tenant_id = $1 AND messages_deleted = 2",
                business.tenantId()), "the audit entry");
        assertEquals(1, redis.stream(String.class).xrange(RedisKeys.INBOUND_STREAM,
                StreamRange.of(bystanderEntry, bystanderEntry)).size(), "another customer's entry stays");
        assertEquals("someone else", scalar("SELECT text FROM messages WHERE id = $1", bystander.get(0).id()));

        given().header("X-Api-Key", AdminFixtures.OPERATOR_KEY).when().delete("/admin/contacts/{id}", contact)
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aTenantErasesOnlyItsOwnCustomers() {
        Seeds.Business business = Seeds.business(pool);
        Seeds.inbound(pool, business, "4917300", "hi");
        UUID contact = uuid("SELECT id FROM contacts WHERE account_id = $1 AND platform_contact_id = $2",
                business.accountId(), "4917300");
        AdminFixtures.Tenant other = AdminFixtures.tenant(pool);

        other.asTenant().when().delete("/admin/contacts/{id}", contact).then().statusCode(404);
        assertEquals(1L, scalar("SELECT count(*) FROM contacts WHERE id = $1", contact));
    }

    /** What the batcher, the responder and ingest keep of a conversation, as they write it. */
    private void placeInRedis(Seeds.Business business, String phone, List<UnifiedMessage> messages) {
        String key = messages.get(0).conversationKey();
        for (UnifiedMessage message : messages) {
            redis.list(String.class).rpush(key, JsonCodec.encode(message));
            redis.value(String.class).set(RedisKeys.windowed(message.id()), "1");
            redis.stream(String.class).xadd(RedisKeys.INBOUND_STREAM, new XAddArgs(),
                    Map.of(StreamFields.SCHEMA_VERSION, "1", StreamFields.MESSAGE, JsonCodec.encode(message)));
        }
        redis.value(String.class).set(RedisKeys.windowOpened(key), "1");
        // Due in an hour: the claim loop leaves it alone during the test.
        redis.sortedSet(String.class).zadd(RedisKeys.DEADLINES, System.currentTimeMillis() + 3_600_000, key);
        String batch = RedisKeys.batch(key, UUID.randomUUID());
        redis.list(String.class).rpush(batch, JsonCodec.encode(messages.get(0)));
        redis.hash(String.class).hset(batch + ":meta", "attempts", "1");
        redis.sortedSet(String.class).zadd(RedisKeys.INFLIGHT, System.currentTimeMillis() + 3_600_000, batch);
        redis.value(String.class).set(RedisKeys.conversationCache(business.accountId().toString(), phone), "{}");
        redis.value(String.class).set(RedisKeys.profile(Platform.WHATSAPP, phone), "{\"name\":\"Ana\"}");
        redis.value(String.class).set(RedisKeys.recipientTurn(Platform.WHATSAPP, business.phoneNumberId(),
                OutboundLimiter.recipientHash(phone)), "0");
        redis.stream(String.class).xadd(RedisKeys.DEAD_LETTER, new XAddArgs(), Map.of("conversation", batch,
                "batch", "x", "m1", JsonCodec.encode(messages.get(1)), "reason", "test"));
    }

    /** Tables of ours with a row whose text form holds {@code needle}. */
    private List<String> tablesHolding(String needle) {
        List<String> holding = new ArrayList<>();
        for (Row table : pool.query("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = 'public' AND table_type = 'BASE TABLE'""").execute().await().atMost(AWAIT)) {
            String name = table.getString(0);
            long rows = (Long) scalar("SELECT count(*) FROM \"" + name + "\" t WHERE t::text LIKE $1",
                    "%" + needle + "%");
            if (rows > 0) {
                holding.add(name);
            }
        }
        return holding;
    }

    /** Redis keys whose name or value holds {@code needle}. */
    private List<String> redisHolding(String needle) {
        List<String> holding = new ArrayList<>();
        for (String key : redis.key().scan(new KeyScanArgs().count(1000)).toIterable()) {
            if (key.contains(needle) || value(key).contains(needle)) {
                holding.add(key);
            }
        }
        return holding;
    }

    private String value(String key) {
        return switch (redis.key().type(key)) {
            case STRING -> String.valueOf(redis.value(String.class).get(key));
            case LIST -> String.valueOf(redis.list(String.class).lrange(key, 0, -1));
            case SET -> String.valueOf(redis.set(String.class).smembers(key));
            case ZSET -> String.valueOf(redis.sortedSet(String.class).zrange(key, 0, -1));
            case HASH -> String.valueOf(redis.hash(String.class).hgetall(key));
            case STREAM -> String.valueOf(redis.stream(String.class).xrange(key, StreamRange.of("-", "+")).stream()
                    .map(entry -> entry.payload().toString()).toList());
            default -> "";
        };
    }

    private UUID uuid(String sql, Object... args) {
        return (UUID) scalar(sql, args);
    }

    private Object scalar(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(AWAIT).iterator().next().getValue(0);
    }

    private void sql(String sql, Object... args) {
        pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(AWAIT);
    }
}

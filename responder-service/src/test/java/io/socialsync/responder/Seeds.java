package io.socialsync.responder;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.redis.datasource.RedisDataSource;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.Platform;
import io.socialsync.model.RedisKeys;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.model.UnifiedMessageType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Rows a test needs, written the way ingest writes them, with fresh ids so reruns on one database never collide. */
public final class Seeds {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private Seeds() {
    }

    public record Business(UUID tenantId, UUID accountId, String phoneNumberId) {
    }

    public static Business business(Pool pool) {
        String slug = "test-" + UUID.randomUUID();
        UUID tenant = pool.preparedQuery("""
                INSERT INTO tenants (slug, name, plan_code, credit_balance) VALUES ($1, $1, 'starter', 100)
                RETURNING id""").execute(Tuple.of(slug)).await().atMost(WAIT).iterator().next().getUUID(0);
        String phoneNumberId = String.valueOf(100_000_000_000_000L + (long) (Math.random() * 800_000_000_000_000L));
        UUID account = pool.preparedQuery("""
                INSERT INTO social_accounts (tenant_id, platform, platform_account_id, access_token)
                VALUES ($1, 'whatsapp', $2, 'token-of-' || $2) RETURNING id""")
                .execute(Tuple.of(tenant, phoneNumberId)).await().atMost(WAIT).iterator().next().getUUID(0);
        return new Business(tenant, account, phoneNumberId);
    }

    public static void knowledge(Pool pool, Business business, String... chunks) {
        UUID document = pool.preparedQuery("""
                INSERT INTO knowledge_documents (tenant_id, title, kind, content) VALUES ($1, 'FAQ', 'faq', $2)
                RETURNING id""").execute(Tuple.of(business.tenantId(), String.join("\n\n", chunks)))
                .await().atMost(WAIT).iterator().next().getUUID(0);
        for (int i = 0; i < chunks.length; i++) {
            pool.preparedQuery("""
                    INSERT INTO knowledge_chunks (document_id, tenant_id, position, content) VALUES ($1, $2, $3, $4)""")
                    .execute(Tuple.of(document, business.tenantId(), i, chunks[i])).await().atMost(WAIT);
        }
    }

    /** Stores inbound messages of one customer as ingest does, and returns them as they travel on the stream. */
    public static List<UnifiedMessage> inbound(Pool pool, Business business, String customer, String... texts) {
        UUID contact = pool.preparedQuery("""
                INSERT INTO contacts (account_id, platform_contact_id) VALUES ($1, $2) RETURNING id""")
                .execute(Tuple.of(business.accountId(), customer)).await().atMost(WAIT).iterator().next().getUUID(0);
        UUID conversation = pool.preparedQuery("""
                INSERT INTO conversations (tenant_id, account_id, contact_id) VALUES ($1, $2, $3) RETURNING id""")
                .execute(Tuple.of(business.tenantId(), business.accountId(), contact)).await().atMost(WAIT)
                .iterator().next().getUUID(0);
        return store(pool, business, customer, conversation, texts);
    }

    /** More messages in the conversation {@link #inbound} started for this customer. */
    public static List<UnifiedMessage> moreInbound(Pool pool, Business business, String customer, String... texts) {
        UUID conversation = pool.preparedQuery("""
                SELECT c.id FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
                WHERE c.account_id = $1 AND ct.platform_contact_id = $2""")
                .execute(Tuple.of(business.accountId(), customer)).await().atMost(WAIT).iterator().next().getUUID(0);
        return store(pool, business, customer, conversation, texts);
    }

    private static List<UnifiedMessage> store(Pool pool, Business business, String customer, UUID conversation,
            String... texts) {
        List<UnifiedMessage> messages = new ArrayList<>();
        for (String text : texts) {
            UnifiedMessage message = new UnifiedMessage(UUID.randomUUID(), Platform.WHATSAPP,
                    business.phoneNumberId(), customer, "wamid.in-" + UUID.randomUUID(), UnifiedMessageType.TEXT,
                    text, null, null, 5, Instant.now(), true);
            pool.preparedQuery("""
                    INSERT INTO messages (id, conversation_id, account_id, direction, type, text, platform_message_id,
                                          status, sent_at)
                    VALUES ($1, $2, $3, 'inbound', 'text', $4, $5, 'received', now())""")
                    .execute(Tuple.of(message.id(), conversation, business.accountId(), text,
                            message.platformMessageId()))
                    .await().atMost(WAIT);
            messages.add(message);
        }
        return messages;
    }

    /**
     * What the batcher does when a window closes: the conversation's list of messages and a deadline that has passed.
     *
     * @return the conversation key
     */
    public static String makeDue(RedisDataSource redis, List<UnifiedMessage> messages) {
        String conversation = messages.get(0).conversationKey();
        for (UnifiedMessage message : messages) {
            redis.list(String.class).rpush(conversation, JsonCodec.encode(message));
        }
        redis.sortedSet(String.class).zadd(RedisKeys.DEADLINES, System.currentTimeMillis(), conversation);
        return conversation;
    }

    /** Waits until the stored message has {@code status}, and fails with the status it has after 10 s. */
    public static void awaitStatus(Pool pool, UUID message, String status) {
        Instant giveUp = Instant.now().plus(WAIT);
        while (!status.equals(status(pool, message)) && Instant.now().isBefore(giveUp)) {
            pause(20);
        }
        assertEquals(status, status(pool, message));
    }

    /** What the fake Graph API received as messages from this business to this customer. */
    public static List<LoggedRequest> replies(Business business, String customer) {
        return GraphApiMock.server().findAll(postRequestedFor(urlPathEqualTo("/" + business.phoneNumberId()
                + "/messages")).withRequestBody(matchingJsonPath("$.to", equalTo(customer))));
    }

    /** Waits until the fake Graph API received {@code count} messages to this customer, and fails otherwise. */
    public static List<LoggedRequest> awaitReplies(Business business, String customer, int count) {
        Instant giveUp = Instant.now().plus(WAIT);
        List<LoggedRequest> found = replies(business, customer);
        while (found.size() < count && Instant.now().isBefore(giveUp)) {
            pause(20);
            found = replies(business, customer);
        }
        assertEquals(count, found.size(), "replies to " + customer);
        return found;
    }

    /** The rows of a query with one parameter. */
    public static List<Row> rows(Pool pool, String sql, Object parameter) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(WAIT).forEach(rows::add);
        return rows;
    }

    /** Thread.sleep for polling loops, failing the test if interrupted. */
    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String status(Pool pool, UUID message) {
        return pool.preparedQuery("SELECT status FROM messages WHERE id = $1").execute(Tuple.of(message))
                .await().atMost(WAIT).iterator().next().getString(0);
    }
}

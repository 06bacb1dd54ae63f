package io.socialsync.ingest.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.RedisKeys;
import io.socialsync.model.StreamFields;
import io.socialsync.model.UnifiedMessage;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** What the tests read from, and write into, the real PostgreSQL and Redis; injected into the tests. */
@ApplicationScoped
class Store {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Pool pool;
    private final RedisDataSource redis;

    Store(Pool pool, RedisDataSource redis) {
        this.pool = pool;
        this.redis = redis;
    }

    /** Stored messages with this platform id, with their contact and conversation. */
    List<Row> messages(String platformMessageId) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("""
                SELECT m.*, k.platform_contact_id, k.display_name, c.ai_enabled FROM messages m
                JOIN conversations c ON c.id = m.conversation_id JOIN contacts k ON k.id = c.contact_id
                WHERE m.platform_message_id = $1
                """).execute(Tuple.of(platformMessageId)).await().atMost(WAIT).forEach(rows::add);
        return rows;
    }

    Row message(String platformMessageId) {
        List<Row> rows = messages(platformMessageId);
        if (rows.size() != 1) {
            throw new AssertionError(rows.size() + " stored messages with id " + platformMessageId);
        }
        return rows.get(0);
    }

    int count(String sql, Object... parameters) {
        return pool.preparedQuery(sql).execute(Tuple.from(parameters)).await().atMost(WAIT)
                .iterator().next().getInteger(0);
    }

    void execute(String sql, Object... parameters) {
        pool.preparedQuery(sql).execute(Tuple.from(parameters)).await().atMost(WAIT);
    }

    /** The stream entries carrying this platform message id (newest entries only: the stream is shared). */
    List<UnifiedMessage> enqueued(String platformMessageId) {
        List<StreamMessage<String, String, String>> recent = redis.stream(String.class)
                .xrevrange(RedisKeys.INBOUND_STREAM, StreamRange.of("+", "-"), 2000);
        return recent.stream()
                .map(entry -> JsonCodec.decode(entry.payload().get(StreamFields.MESSAGE), UnifiedMessage.class))
                .filter(message -> platformMessageId.equals(message.platformMessageId()))
                .toList();
    }

    /**
     * Stores a reply as the responder does: an outbound message {@code sent}, with the platform's id, in the
     * conversation of this customer on the account with this platform id.
     */
    UUID outbound(String platform, String platformAccountId, String customer, String platformMessageId) {
        return outboundPart(platform, platformAccountId, customer, null, 0, "Our reply", "sent", platformMessageId);
    }

    /**
     * Records one part of a reply as the responder does before and after its request: {@code queued} or
     * {@code sending} without a platform id, {@code sent} with one; @return the row's id (the send's tag)
     */
    UUID outboundPart(String platform, String platformAccountId, String customer, UUID batchId, int part, String text,
            String status, String platformMessageId) {
        UUID id = UUID.randomUUID();
        execute("""
                WITH account AS (
                    SELECT id, tenant_id FROM social_accounts WHERE platform = $1 AND platform_account_id = $2
                ), contact AS (
                    INSERT INTO contacts (account_id, platform_contact_id) SELECT id, $3 FROM account
                    ON CONFLICT (account_id, platform_contact_id) DO UPDATE SET display_name = contacts.display_name
                    RETURNING id, account_id
                ), conversation AS (
                    INSERT INTO conversations (tenant_id, account_id, contact_id)
                    SELECT account.tenant_id, account.id, contact.id FROM account, contact
                    ON CONFLICT (account_id, contact_id) DO UPDATE SET updated_at = now()
                    RETURNING id, account_id
                )
                INSERT INTO messages (id, conversation_id, account_id, direction, type, text, platform_message_id,
                                      status, sent_at, batch_id, part, last_send_at)
                SELECT $4, id, account_id, 'outbound', 'text', $6, $5, $7, now(), $8, $9,
                       CASE WHEN $7 = 'queued' THEN NULL ELSE now() END
                FROM conversation
                """, platform, platformAccountId, customer, id, platformMessageId, text, status, batchId, part);
        return id;
    }

    /** One row of a query, e.g. a conversation's columns. */
    Row row(String sql, Object... parameters) {
        var rows = pool.preparedQuery(sql).execute(Tuple.from(parameters)).await().atMost(WAIT).iterator();
        if (!rows.hasNext()) {
            throw new AssertionError("no row for " + sql);
        }
        return rows.next();
    }

    /** A fresh tenant on this plan with one active account; @return the account's platform id */
    String account(String platform, String plan) {
        String slug = "t-" + UUID.randomUUID();
        String accountId = String.valueOf(100_000_000_000_000L + (long) (Math.random() * 800_000_000_000_000L));
        execute("""
                WITH tenant AS (
                    INSERT INTO tenants (slug, name, plan_code) VALUES ($1, $1, $2) RETURNING id
                )
                INSERT INTO social_accounts (tenant_id, platform, platform_account_id) SELECT id, $3, $4 FROM tenant
                """, slug, plan, platform, accountId);
        return accountId;
    }
}

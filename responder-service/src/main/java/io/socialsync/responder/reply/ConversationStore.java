package io.socialsync.responder.reply;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.responder.platform.SendResult;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The responder's view of PostgreSQL: accounts to reply on, and the record of each reply. */
@ApplicationScoped
public class ConversationStore {

    private final Pool pool;

    public ConversationStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<AccountCredentials>> account(Platform platform, String platformAccountId) {
        return pool.preparedQuery("""
                SELECT id, tenant_id, platform_account_id, access_token FROM social_accounts
                WHERE platform = $1 AND platform_account_id = $2 AND active
                """)
                .execute(Tuple.of(platform.wire(), platformAccountId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(from(rows.iterator().next())));
    }

    /**
     * The reply already recorded for this batch id, if any: {@code sending} (written before the send, so a crash may
     * have left the send's outcome unknown) or {@code sent}.
     */
    public Uni<Optional<String>> priorReply(UUID batchId) {
        return pool.preparedQuery("""
                SELECT status FROM messages WHERE batch_id = $1 AND direction = 'outbound' AND part = 0
                """).execute(Tuple.of(batchId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString(0)));
    }

    /**
     * Before the send (exactly one reply per batch): takes the batch's inbound messages ({@code received →
     * replying}) and records the reply as an outbound message in state {@code sending}, keyed by the batch id (unique
     * index), in one statement. Messages that another batch is already answering are not taken: after a Redis data
     * loss the reconciler may have batched them a second time, and the row lock makes the second batch see
     * {@code replying}.
     *
     * @return whether this caller owns the send; false when the batch's reply is already recorded or every message
     *         is answered by another batch
     */
    public Uni<Boolean> beginSend(UUID batchId, UUID[] messageIds, String text) {
        return pool.preparedQuery("""
                WITH taken AS (
                    UPDATE messages SET status = 'replying', batch_id = $1, updated_at = now()
                    WHERE id = ANY($2) AND direction = 'inbound'
                      AND (status = 'received' OR (status = 'replying' AND batch_id = $1))
                    RETURNING conversation_id, account_id
                )
                INSERT INTO messages (id, conversation_id, account_id, direction, type, text, status, batch_id, sent_at)
                SELECT $3, conversation_id, account_id, 'outbound', 'text', $4, 'sending', $1, now()
                FROM taken LIMIT 1
                ON CONFLICT (batch_id, part) WHERE direction = 'outbound' AND batch_id IS NOT NULL DO NOTHING
                RETURNING id
                """).execute(Tuple.of(batchId, messageIds, UUID.randomUUID(), text))
                .map(rows -> rows.size() == 1);
    }

    /**
     * The platform accepted the reply: the recorded row becomes its first part ({@code sent}, with its message id),
     * further parts are added, each with its own id so that statuses find it, and the inbound messages are
     * {@code answered}; in one statement.
     */
    public Uni<Void> recordSent(UUID batchId, List<SendResult.SentPart> parts) {
        return record(batchId, parts, "answered", null);
    }

    /**
     * The platform refused the reply for good, or after some parts went out: the inbound messages are {@code failed}
     * with the reason (trying again would fail again, or repeat what the customer saw); parts that did go out are
     * recorded as sent, and a reply of which nothing went out is kept as a {@code failed} outbound row.
     */
    public Uni<Void> recordUndelivered(UUID batchId, List<SendResult.SentPart> partsSent, String reason) {
        return record(batchId, partsSent, "failed", reason);
    }

    private Uni<Void> record(UUID batchId, List<SendResult.SentPart> parts, String inboundStatus, String reason) {
        String[] texts = parts.stream().map(SendResult.SentPart::text).toArray(String[]::new);
        String[] platformIds = parts.stream().map(SendResult.SentPart::platformMessageId).toArray(String[]::new);
        // Parts share one statement's now(); their order survives in sent_at, a microsecond apart.
        return pool.preparedQuery("""
                WITH part AS (
                    SELECT text, platform_message_id, (position - 1)::int AS part
                    FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS p(text, platform_message_id, position)
                ), head AS (
                    UPDATE messages m SET
                        status = CASE WHEN f.part IS NULL THEN 'failed' ELSE 'sent' END,
                        status_detail = CASE WHEN f.part IS NULL THEN $5 ELSE NULL END,
                        text = COALESCE(f.text, m.text), platform_message_id = f.platform_message_id,
                        sent_at = now(), updated_at = now()
                    FROM (SELECT 1) one LEFT JOIN part f ON f.part = 0
                    WHERE m.batch_id = $1 AND m.direction = 'outbound' AND m.part = 0
                    RETURNING m.conversation_id, m.account_id
                ), more AS (
                    INSERT INTO messages (id, conversation_id, account_id, direction, type, text, platform_message_id,
                                          status, batch_id, part, sent_at)
                    SELECT gen_random_uuid(), head.conversation_id, head.account_id, 'outbound', 'text', part.text,
                           part.platform_message_id, 'sent', $1, part.part, now() + part.part * interval '1 microsecond'
                    FROM head, part WHERE part.part > 0
                    ON CONFLICT DO NOTHING
                )
                UPDATE messages SET status = $4, status_detail = $5, updated_at = now()
                WHERE batch_id = $1 AND direction = 'inbound' AND status = 'replying'
                """)
                .execute(
                        Tuple.of(batchId).addArrayOfString(texts).addArrayOfString(platformIds).addString(inboundStatus)
                                .addString(reason))
                .replaceWithVoid();
    }

    /** The platform refused the reply: nothing was sent, so the next attempt starts afresh. */
    public Uni<Void> abandonSend(UUID batchId) {
        return pool.withTransaction(connection -> connection.preparedQuery("""
                DELETE FROM messages WHERE batch_id = $1 AND direction = 'outbound' AND status = 'sending'
                """).execute(Tuple.of(batchId))
                .flatMap(deleted -> connection.preparedQuery("""
                        UPDATE messages SET status = 'received', updated_at = now()
                        WHERE batch_id = $1 AND direction = 'inbound' AND status = 'replying'
                        """).execute(Tuple.of(batchId))))
                .replaceWithVoid();
    }

    /** A crash between record and send: whether the customer got the reply is unknown; an operator decides. */
    public Uni<Void> markSendUnconfirmed(UUID batchId) {
        return pool.preparedQuery("""
                UPDATE messages SET status = 'failed', status_detail = 'send_unconfirmed', updated_at = now()
                WHERE batch_id = $1 AND direction = 'outbound' AND status = 'sending'
                """).execute(Tuple.of(batchId)).replaceWithVoid();
    }

    /** Messages nobody will answer (no active account): failed, so the reconciler leaves them alone. */
    public Uni<Void> markUnanswerable(UUID[] messageIds, String reason) {
        return pool.preparedQuery("""
                UPDATE messages SET status = 'failed', status_detail = $2, updated_at = now()
                WHERE id = ANY($1) AND direction = 'inbound' AND status = 'received'
                """).execute(Tuple.of(messageIds, reason)).replaceWithVoid();
    }

    /**
     * Leaves the batch's messages to a person: they are no longer {@code received}, so nothing re-enqueues them,
     * and the admin API lists their conversation as waiting for a human.
     */
    public Uni<Void> markAwaitingHuman(UUID batchId, UUID[] ids) {
        return pool.preparedQuery("""
                UPDATE messages SET status = 'awaiting_human', batch_id = $1, updated_at = now()
                WHERE id = ANY($2) AND direction = 'inbound' AND status = 'received'
                """).execute(Tuple.of(batchId, ids)).replaceWithVoid();
    }

    private static AccountCredentials from(Row row) {
        return new AccountCredentials(row.getUUID("id"), row.getUUID("tenant_id"), row.getString("platform_account_id"),
                row.getString("access_token"));
    }
}

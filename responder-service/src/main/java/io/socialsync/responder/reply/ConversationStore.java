package io.socialsync.responder.reply;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
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
                SELECT status FROM messages WHERE batch_id = $1 AND direction = 'outbound'
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
                ON CONFLICT (batch_id) WHERE direction = 'outbound' AND batch_id IS NOT NULL DO NOTHING
                RETURNING id
                """).execute(Tuple.of(batchId, messageIds, UUID.randomUUID(), text))
                .map(rows -> rows.size() == 1);
    }

    /** The platform accepted the reply: outbound {@code sent} with its message id, inbound {@code answered}. */
    public Uni<Void> recordSent(UUID batchId, String platformMessageId) {
        return pool.preparedQuery("""
                WITH sent AS (
                    UPDATE messages SET status = 'sent', platform_message_id = $2, sent_at = now(), updated_at = now()
                    WHERE batch_id = $1 AND direction = 'outbound'
                    RETURNING id
                )
                UPDATE messages SET status = 'answered', updated_at = now()
                WHERE batch_id = $1 AND direction = 'inbound' AND status = 'replying'
                """).execute(Tuple.of(batchId, platformMessageId)).replaceWithVoid();
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

    private static AccountCredentials from(Row row) {
        return new AccountCredentials(row.getUUID("id"), row.getUUID("tenant_id"), row.getString("platform_account_id"),
                row.getString("access_token"));
    }
}

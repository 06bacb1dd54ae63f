package io.socialsync.responder.reply;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
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
     * Marks the batch's messages answered and stores the reply as an outbound message, in one statement: both or
     * neither.
     */
    public Uni<Void> recordReply(UUID batchId, List<UnifiedMessage> answered, String text, String platformMessageId) {
        UUID[] ids = answered.stream().map(UnifiedMessage::id).toArray(UUID[]::new);
        return pool.preparedQuery("""
                WITH answered AS (
                    UPDATE messages SET status = 'answered', batch_id = $1, updated_at = now()
                    WHERE id = ANY($2) AND direction = 'inbound'
                    RETURNING conversation_id, account_id
                )
                INSERT INTO messages (id, conversation_id, account_id, direction, type, text, platform_message_id,
                                      status, batch_id, sent_at)
                SELECT $3, conversation_id, account_id, 'outbound', 'text', $4, $5, 'sent', $1, now()
                FROM answered LIMIT 1
                """)
                .execute(Tuple.of(batchId, ids, UUID.randomUUID(), text, platformMessageId))
                .replaceWithVoid();
    }

    /**
     * Leaves the batch's messages to a person: they are no longer {@code received}, so nothing re-enqueues them,
     * and the admin API lists their conversation as waiting for a human.
     */
    public Uni<Void> markAwaitingHuman(UUID batchId, List<UnifiedMessage> messages) {
        UUID[] ids = messages.stream().map(UnifiedMessage::id).toArray(UUID[]::new);
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

package io.socialsync.responder.reply;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessage;
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
     * Marks the batch's messages answered and stores each sent part of the reply as an outbound message with its
     * platform message id, in one statement: all or nothing.
     */
    public Uni<Void> recordReply(UUID batchId, List<UnifiedMessage> answered, List<SendResult.SentPart> parts) {
        return record(batchId, answered, "answered", null, parts);
    }

    /**
     * Marks the batch's messages failed with the reason; parts that went out before the failure are stored as
     * outbound messages all the same (the customer saw them).
     */
    public Uni<Void> recordUndelivered(UUID batchId, List<UnifiedMessage> messages, String reason,
            List<SendResult.SentPart> partsSent) {
        return record(batchId, messages, "failed", reason, partsSent);
    }

    private Uni<Void> record(UUID batchId, List<UnifiedMessage> inbound, String inboundStatus, String detail,
            List<SendResult.SentPart> parts) {
        UUID[] ids = inbound.stream().map(UnifiedMessage::id).toArray(UUID[]::new);
        String[] texts = parts.stream().map(SendResult.SentPart::text).toArray(String[]::new);
        String[] platformIds = parts.stream().map(SendResult.SentPart::platformMessageId).toArray(String[]::new);
        // Parts share one statement's now(); their order survives in sent_at, a microsecond apart.
        return pool.preparedQuery("""
                WITH handled AS (
                    UPDATE messages SET status = $3, status_detail = $4, batch_id = $1, updated_at = now()
                    WHERE id = ANY($2) AND direction = 'inbound'
                    RETURNING conversation_id, account_id
                ), target AS (SELECT conversation_id, account_id FROM handled LIMIT 1)
                INSERT INTO messages (id, conversation_id, account_id, direction, type, text, platform_message_id,
                                      status, batch_id, sent_at)
                SELECT gen_random_uuid(), target.conversation_id, target.account_id, 'outbound', 'text', part.text,
                       part.platform_message_id, 'sent', $1, now() + part.position * interval '1 microsecond'
                FROM target, unnest($5::text[], $6::text[]) WITH ORDINALITY AS part(text, platform_message_id, position)
                """)
                .execute(Tuple.of(batchId, ids, inboundStatus, detail).addArrayOfString(texts)
                        .addArrayOfString(platformIds))
                .replaceWithVoid();
    }

    private static AccountCredentials from(Row row) {
        return new AccountCredentials(row.getUUID("id"), row.getUUID("tenant_id"), row.getString("platform_account_id"),
                row.getString("access_token"));
    }
}

package io.socialsync.responder.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.ai.ConversationTurn;
import io.socialsync.responder.config.ResponderConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads a batch's {@link AgentContext}: tenant settings and plan limits in one query, the history in a second. */
@ApplicationScoped
public class AgentContextStore {

    private static final String TENANT_AND_CONVERSATION = """
            SELECT t.id AS tenant_id, t.system_prompt, t.credit_balance, p.ai_calls_per_batch, p.credits_per_reply,
                   c.id AS conversation_id,
                   c.ai_enabled AND (c.ai_paused_until IS NULL OR c.ai_paused_until <= now())
                       AND c.thread_owner = 'us' AS ai_enabled,
                   EXISTS (SELECT 1 FROM escalations e WHERE e.conversation_id = c.id AND e.resolved_at IS NULL)
                       AS awaiting_person
            FROM social_accounts a
            JOIN tenants t ON t.id = a.tenant_id
            JOIN plans p ON p.code = t.plan_code
            JOIN contacts ct ON ct.account_id = a.id AND ct.platform_contact_id = $2
            JOIN conversations c ON c.account_id = a.id AND c.contact_id = ct.id
            WHERE a.id = $1
            """;

    /**
     * The batch's own rows as they are now ({@code in_batch}), then the history newest first, so LIMIT keeps the most
     * recent. Left out of the history: what never reached the customer or the AI (failed or queued sends, held
     * messages), what the plan or the token limit refused, and what the customer deleted or nobody answers
     * (ignored).
     */
    private static final String BATCH_AND_HISTORY = """
            (SELECT id, direction, type, text, token_count, true AS in_batch,
                    status = 'ignored' OR COALESCE(status_detail LIKE '%deleted by customer%', false) AS deleted
             FROM messages WHERE id = ANY($2))
            UNION ALL
            (SELECT id, direction, type, text, token_count, false, false FROM messages
             WHERE conversation_id = $1 AND NOT (id = ANY($2))
               AND status NOT IN ('failed', 'ignored', 'held', 'queued') AND plan_allowed
               AND (status_detail IS NULL OR status_detail NOT LIKE '%deleted by customer%')
             ORDER BY sent_at DESC, created_at DESC
             LIMIT $3)
            """;

    private final Pool pool;
    private final int historyMessages;

    public AgentContextStore(Pool pool, ResponderConfig config) {
        this.pool = pool;
        this.historyMessages = config.ai().historyMessages();
    }

    /**
     * The context of a batch on the account with id {@code accountId} (ours, not the platform's) for the customer
     * {@code contactId} (the platform's). Empty when ingest has no such conversation.
     */
    public Uni<Optional<AgentContext>> load(UUID accountId, String contactId, List<UnifiedMessage> batch) {
        return pool.preparedQuery(TENANT_AND_CONVERSATION).execute(Tuple.of(accountId, contactId))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(Optional.<AgentContext>empty());
                    }
                    Row row = rows.iterator().next();
                    UUID conversation = row.getUUID("conversation_id");
                    return batchAndHistory(conversation, batch).map(read -> Optional.of(new AgentContext(
                            row.getUUID("tenant_id"), conversation, Optional.ofNullable(row.getString("system_prompt")),
                            row.getInteger("ai_calls_per_batch"), row.getInteger("credits_per_reply"),
                            row.getLong("credit_balance"), row.getBoolean("ai_enabled"),
                            row.getBoolean("awaiting_person"), read.history(), read.batch())));
                });
    }

    /** The batch as stored now, and the history before it. */
    private record BatchAndHistory(List<UnifiedMessage> batch, List<ConversationTurn> history) {
    }

    private Uni<BatchAndHistory> batchAndHistory(UUID conversation, List<UnifiedMessage> batch) {
        UUID[] ids = batch.stream().map(UnifiedMessage::id).toArray(UUID[]::new);
        return pool.preparedQuery(BATCH_AND_HISTORY).execute(Tuple.of(conversation, ids, historyMessages))
                .map(rows -> {
                    Map<UUID, Row> stored = new HashMap<>();
                    List<ConversationTurn> turns = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        if (row.getBoolean("in_batch")) {
                            stored.put(row.getUUID("id"), row);
                            continue;
                        }
                        String text = row.getString("text");
                        String type = row.getString("type");
                        String shown = "text".equals(type)
                                ? text
                                : ("[" + type + "] " + (text == null ? "" : text)).strip();
                        if (shown == null || shown.isBlank()) {
                            continue;
                        }
                        turns.add(new ConversationTurn("inbound".equals(row.getString("direction"))
                                ? ConversationTurn.Speaker.CUSTOMER
                                : ConversationTurn.Speaker.BUSINESS, shown));
                    }
                    Collections.reverse(turns);
                    return new BatchAndHistory(current(batch, stored), List.copyOf(turns));
                });
    }

    /**
     * The batch's messages as stored: one the customer deleted after it was enqueued is left out, one they edited
     * carries the new text (ingest changes a message's text only while it waits for its answer).
     */
    private static List<UnifiedMessage> current(List<UnifiedMessage> batch, Map<UUID, Row> stored) {
        List<UnifiedMessage> current = new ArrayList<>(batch.size());
        for (UnifiedMessage message : batch) {
            Row row = stored.get(message.id());
            if (row == null) {
                current.add(message);
            } else if (!row.getBoolean("deleted")) {
                String text = row.getString("text");
                current.add(java.util.Objects.equals(text, message.text())
                        ? message
                        : new UnifiedMessage(message.id(), message.platform(), message.accountId(),
                                message.contactId(), message.platformMessageId(), message.type(), text,
                                message.media(), message.replyToId(), row.getInteger("token_count"),
                                message.receivedAt(), message.planAllowed()));
            }
        }
        return List.copyOf(current);
    }
}

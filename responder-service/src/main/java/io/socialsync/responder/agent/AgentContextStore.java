package io.socialsync.responder.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.ai.ConversationTurn;
import io.socialsync.responder.config.ResponderConfig;
import io.socialsync.responder.media.MediaUnderstanding;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads a batch's {@link AgentContext}: tenant settings, plan limits, the batch as stored and the history, in one query. */
@ApplicationScoped
public class AgentContextStore {

    /**
     * One round trip: the tenant's settings and plan limits with the conversation's state, each row carrying one of
     * the batch's own rows as they are now ({@code in_batch}) or one message of the history, newest first, so LIMIT
     * keeps the most recent. Left out of the history: what never reached the customer or the AI (failed or queued
     * sends, held messages), what the plan or the token limit refused, and what the customer deleted or nobody
     * answers (ignored). No row at all: ingest has no such conversation.
     */
    private static final String CONTEXT = """
            WITH context AS (
                SELECT t.id AS tenant_id, t.system_prompt, t.credit_balance, p.ai_calls_per_batch,
                       p.credits_per_reply, c.id AS conversation_id,
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
            ), turns AS (
                (SELECT id, direction, type, text, token_count, true AS in_batch,
                        status = 'ignored' OR COALESCE(status_detail LIKE '%deleted by customer%', false) AS deleted,
                        NULL::text AS transcript, NULL::text AS extracted_text, sent_at, created_at
                 FROM messages WHERE id = ANY($3))
                UNION ALL
                (SELECT m.id, m.direction, m.type, m.text, m.token_count, false, false, f.transcript,
                        f.extracted_text, m.sent_at, m.created_at
                 FROM messages m LEFT JOIN media_fetches f ON f.message_id = m.id
                 WHERE m.conversation_id = (SELECT conversation_id FROM context) AND NOT (m.id = ANY($3))
                   AND m.status NOT IN ('failed', 'ignored', 'held', 'queued') AND m.plan_allowed
                   AND (m.status_detail IS NULL OR m.status_detail NOT LIKE '%deleted by customer%')
                 ORDER BY m.sent_at DESC, m.created_at DESC
                 LIMIT $4)
            )
            SELECT context.*, turns.id, turns.direction, turns.type, turns.text, turns.token_count, turns.in_batch,
                   turns.deleted, turns.transcript, turns.extracted_text
            FROM context LEFT JOIN turns ON true
            ORDER BY turns.in_batch DESC, turns.sent_at DESC, turns.created_at DESC
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
        UUID[] ids = batch.stream().map(UnifiedMessage::id).toArray(UUID[]::new);
        return pool.preparedQuery(CONTEXT).execute(Tuple.of(accountId, contactId, ids, historyMessages))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.<AgentContext>empty();
                    }
                    Row first = null;
                    Map<UUID, Row> stored = new HashMap<>();
                    List<ConversationTurn> turns = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        if (first == null) {
                            first = row;
                        }
                        if (row.getUUID("id") == null) {
                            continue; // a conversation without a single readable message (LEFT JOIN)
                        }
                        if (row.getBoolean("in_batch")) {
                            stored.put(row.getUUID("id"), row);
                            continue;
                        }
                        turn(row).ifPresent(turns::add);
                    }
                    Collections.reverse(turns);
                    return Optional.of(new AgentContext(first.getUUID("tenant_id"), first.getUUID("conversation_id"),
                            Optional.ofNullable(first.getString("system_prompt")),
                            first.getInteger("ai_calls_per_batch"), first.getInteger("credits_per_reply"),
                            first.getLong("credit_balance"), first.getBoolean("ai_enabled"),
                            first.getBoolean("awaiting_person"), List.copyOf(turns), current(batch, stored)));
                });
    }

    /** A message of the history as the AI reads it; empty when it says nothing. */
    private static Optional<ConversationTurn> turn(Row row) {
        // A voice note is remembered by its transcript, a document by its text (issue 16).
        String text = MediaUnderstanding.asText(row.getString("text"), row.getString("transcript"),
                row.getString("extracted_text"));
        String type = row.getString("type");
        String shown = "text".equals(type) ? text : ("[" + type + "] " + (text == null ? "" : text)).strip();
        if (shown == null || shown.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new ConversationTurn("inbound".equals(row.getString("direction"))
                ? ConversationTurn.Speaker.CUSTOMER
                : ConversationTurn.Speaker.BUSINESS, shown));
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
                current.add(Objects.equals(text, message.text())
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

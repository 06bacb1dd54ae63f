package io.socialsync.responder.agent;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Queues a conversation for a person: it waits for a human with the reason recorded (visible through the admin API)
 * — in one statement, so a waiting conversation always has its reason. The AI stays on: the customer's next
 * answerable question is still answered; only a person's reply or the explicit switch pauses it.
 */
@ApplicationScoped
public class Escalations {

    /** Why a person is needed; the values of {@code escalations.reason}. */
    public enum Reason {
        LOW_CONFIDENCE("low_confidence"), NO_CREDITS("no_credits"), HUMAN_REPLIED("human_replied"), OPERATOR(
                "operator"), HELD_TOO_OLD(
                        "held_too_old"), SEND_UNCONFIRMED("send_unconfirmed"), SEND_FAILED(
                                "send_failed"), WINDOW_CLOSED(
                                        "window_closed");

        private final String wire;

        Reason(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    private static final String ESCALATE = """
            WITH paused AS (
                UPDATE conversations SET status = 'waiting_for_human', updated_at = now()
                WHERE id = $2 AND tenant_id = $1
                RETURNING id
            )
            INSERT INTO escalations (tenant_id, conversation_id, batch_id, reason, confidence)
            SELECT $1, id, $3, $4, $5 FROM paused
            ON CONFLICT (batch_id) WHERE batch_id IS NOT NULL DO NOTHING
            """;

    private final Pool pool;

    public Escalations(Pool pool) {
        this.pool = pool;
    }

    /** @param batchId the batch that triggered it, or null; a batch escalates once however often it is retried */
    public Uni<Void> escalate(UUID tenantId, UUID conversationId, UUID batchId, Reason reason, Double confidence) {
        return pool.preparedQuery(ESCALATE)
                .execute(Tuple.from(new Object[]{tenantId, conversationId, batchId, reason.wire(), confidence}))
                .replaceWithVoid();
    }

    /** For a batch whose reply went wrong after it was recorded: the conversation of its messages waits for a person. */
    public Uni<Void> escalateConversationOf(UUID batchId, Reason reason) {
        return pool.preparedQuery("""
                WITH target AS (
                    SELECT c.id, c.tenant_id FROM messages m JOIN conversations c ON c.id = m.conversation_id
                    WHERE m.batch_id = $1 AND m.direction = 'outbound' LIMIT 1
                ), waiting AS (
                    UPDATE conversations SET status = 'waiting_for_human', updated_at = now()
                    WHERE id IN (SELECT id FROM target)
                )
                INSERT INTO escalations (tenant_id, conversation_id, reason) SELECT tenant_id, id, $2 FROM target
                """).execute(Tuple.of(batchId, reason.wire())).replaceWithVoid();
    }
}

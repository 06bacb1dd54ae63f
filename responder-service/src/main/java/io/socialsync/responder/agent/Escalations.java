package io.socialsync.responder.agent;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Hands a conversation to a person: the AI is paused on it, it waits for a human, and the reason is recorded
 * (visible through the admin API) — in one statement, so a paused conversation always has its reason.
 */
@ApplicationScoped
public class Escalations {

    /** Why a person is needed; the values of {@code escalations.reason}. */
    public enum Reason {
        LOW_CONFIDENCE("low_confidence"), NO_CREDITS("no_credits"), HUMAN_REPLIED("human_replied"), OPERATOR(
                "operator");

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
                UPDATE conversations SET ai_enabled = false, status = 'waiting_for_human', updated_at = now()
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
}

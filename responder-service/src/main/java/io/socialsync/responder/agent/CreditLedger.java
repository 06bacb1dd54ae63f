package io.socialsync.responder.agent;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Charges AI replies to the tenant's credits (DESIGN §4): the balance moves only with a ledger entry, in one
 * statement, and only while it covers the cost ({@code UPDATE … WHERE credit_balance >= n}), so two replicas
 * charging at once can never overdraw it. A batch is charged at most once, however often it is retried (the
 * ledger is unique on batch and reason).
 */
@ApplicationScoped
public class CreditLedger {

    static final String AI_REPLY = "ai_reply";

    /** How a charge went. */
    public enum Charge {
        /** Debited now. */
        CHARGED,
        /** This batch was already paid for by an earlier attempt. */
        ALREADY_PAID,
        /** The balance does not cover the cost; nothing changed. */
        INSUFFICIENT
    }

    private static final String CHARGE = """
            WITH paid AS (
                SELECT 1 FROM credit_ledger WHERE batch_id = $2 AND reason = $4
            ), debit AS (
                UPDATE tenants SET credit_balance = credit_balance - $3, updated_at = now()
                WHERE id = $1 AND credit_balance >= $3 AND NOT EXISTS (SELECT 1 FROM paid)
                RETURNING credit_balance
            ), entry AS (
                INSERT INTO credit_ledger (tenant_id, delta, balance_after, reason, batch_id)
                SELECT $1, -$3, credit_balance, $4, $2 FROM debit
                RETURNING id
            )
            SELECT EXISTS (SELECT 1 FROM paid) AS already_paid, EXISTS (SELECT 1 FROM entry) AS charged
            """;

    private final Pool pool;

    public CreditLedger(Pool pool) {
        this.pool = pool;
    }

    /** Charges {@code credits} for the AI reply to {@code batchId}. */
    public Uni<Charge> chargeReply(UUID tenantId, UUID batchId, int credits) {
        return pool.preparedQuery(CHARGE).execute(Tuple.of(tenantId, batchId, (long) credits, AI_REPLY))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    if (row.getBoolean("already_paid")) {
                        return Charge.ALREADY_PAID;
                    }
                    return row.getBoolean("charged") ? Charge.CHARGED : Charge.INSUFFICIENT;
                });
    }
}

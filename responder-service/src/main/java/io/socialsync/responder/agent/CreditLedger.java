package io.socialsync.responder.agent;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.socialsync.responder.credits.CreditsConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Charges AI replies to the tenant's credits (DESIGN §4): the balance moves only with a ledger entry, in one
 * statement, and only while it covers the cost ({@code UPDATE … WHERE credit_balance >= n}), so two replicas
 * charging at once can never overdraw it. A batch is charged at most once, however often it is retried (the
 * ledger is unique on batch and reason). Each charge names the billing period it falls in, so usage per period is
 * a sum over the ledger; a charge that takes the balance below the tenant's low-balance threshold is counted.
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

    /**
     * The charge as common table expressions ({@code paid}, {@code debit}, {@code entry}) over $1 tenant, $2 batch,
     * $3 credits, $4 reason, $5 period, $6 low-balance percent, so that a statement recording the reply can charge
     * for it in the same transaction; {@link #CHARGE_RESULT} reads what it did.
     */
    public static final String CHARGE_CTES = """
            WITH paid AS (
                SELECT 1 FROM credit_ledger WHERE batch_id = $2 AND reason = $4
            ), debit AS (
                UPDATE tenants t SET credit_balance = t.credit_balance - $3, updated_at = now()
                FROM plans p
                WHERE t.id = $1 AND p.code = t.plan_code AND t.credit_balance >= $3
                  AND NOT EXISTS (SELECT 1 FROM paid)
                RETURNING t.credit_balance,
                          coalesce(t.low_balance_threshold, p.monthly_credits::bigint * $6 / 100) AS threshold
            ), entry AS (
                INSERT INTO credit_ledger (tenant_id, delta, balance_after, reason, batch_id, actor, period, kind)
                SELECT $1, -$3, credit_balance, $4, $2, 'system', $5, 'reply' FROM debit
                RETURNING id
            )
            """;

    /** The columns {@link #outcome} reads, for a statement built on {@link #CHARGE_CTES}. */
    public static final String CHARGE_RESULT = """
            EXISTS (SELECT 1 FROM paid) AS already_paid, EXISTS (SELECT 1 FROM entry) AS charged,
            (SELECT credit_balance FROM debit) AS balance_after, (SELECT threshold FROM debit) AS threshold
            """;

    private static final String CHARGE = CHARGE_CTES + "SELECT " + CHARGE_RESULT;

    private final Pool pool;
    private final CreditsConfig config;
    private final MeterRegistry registry;
    private final Clock clock;

    public CreditLedger(Pool pool, CreditsConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.config = config;
        this.registry = registry;
        this.clock = Clock.systemUTC();
    }

    /** Charges {@code credits} for the AI reply to {@code batchId}. */
    public Uni<Charge> chargeReply(UUID tenantId, UUID batchId, int credits) {
        return pool.preparedQuery(CHARGE).execute(chargeArguments(tenantId, batchId, credits))
                .map(rows -> outcome(rows.iterator().next(), tenantId, credits));
    }

    /** $1…$6 of {@link #CHARGE_CTES}. */
    public Tuple chargeArguments(UUID tenantId, UUID batchId, int credits) {
        String period = config.period().at(clock.instant()).key();
        return Tuple.of(tenantId, batchId, (long) credits, AI_REPLY, period, config.lowBalancePercent());
    }

    /** What a statement built on {@link #CHARGE_CTES} did, from its {@link #CHARGE_RESULT} columns. */
    public Charge outcome(Row row, UUID tenantId, int credits) {
        if (row.getBoolean("already_paid")) {
            return Charge.ALREADY_PAID;
        }
        if (!row.getBoolean("charged")) {
            return Charge.INSUFFICIENT;
        }
        long after = row.getLong("balance_after");
        long threshold = row.getLong("threshold");
        if (after < threshold && after + credits >= threshold) {
            // Counted once per crossing, not per charge below it: an alert fires when it goes low.
            registry.counter("socialsync.credits.low.balance").increment();
            Log.warnf("tenant %s went below its low-balance threshold (%d credits left, threshold %d)", tenantId,
                    after, threshold);
        }
        return Charge.CHARGED;
    }
}

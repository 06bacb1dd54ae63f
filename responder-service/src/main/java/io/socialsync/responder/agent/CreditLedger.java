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
 * statement, and only while it covers the cost (read under the row's lock, {@code SELECT … FOR UPDATE}), so two
 * replicas charging at once can never overdraw it. A batch is charged at most once, however often it is retried (the
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
     * The charge of one or several batches, as common table expressions over $1/$2/$3 (per batch its tenant, id and
     * cost, in input order: {@code charge_input}), $4 reason, $5 period, $6 low-balance percent
     * ({@link #chargeArguments}), so that a statement recording the replies can charge for them in the same
     * transaction: {@code paid} (ord) lists the batches an earlier attempt paid for, {@code covered} (ord,
     * balance_after, threshold) those charged now. Each tenant's row is locked once (in id order, so that replicas
     * never deadlock) and debited once for all of its batches the balance covers, in input order, with one ledger
     * entry per batch; the rest are not charged. One statement and one lock of a tenant's balance serve the group.
     */
    public static final String CHARGE_CTES = """
            WITH charge_input AS (
                SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::bigint[]) WITH ORDINALITY AS i(tenant_id, batch_id, cost, ord)
            ), paid AS (
                SELECT i.ord FROM charge_input i
                WHERE EXISTS (SELECT 1 FROM credit_ledger l WHERE l.batch_id = i.batch_id AND l.reason = $4)
            ), wanted AS (
                SELECT i.ord, i.tenant_id, i.batch_id, i.cost,
                       sum(i.cost) OVER (PARTITION BY i.tenant_id ORDER BY i.ord) AS running
                FROM charge_input i WHERE NOT EXISTS (SELECT 1 FROM paid WHERE paid.ord = i.ord)
            ), balance AS (
                SELECT t.id, t.credit_balance,
                       coalesce(t.low_balance_threshold, p.monthly_credits::bigint * $6 / 100) AS threshold
                FROM tenants t JOIN plans p ON p.code = t.plan_code
                WHERE t.id IN (SELECT tenant_id FROM wanted)
                ORDER BY t.id
                FOR UPDATE OF t
            ), covered AS (
                SELECT w.ord, w.tenant_id, w.batch_id, w.cost, b.credit_balance - w.running AS balance_after,
                       b.threshold
                FROM wanted w JOIN balance b ON b.id = w.tenant_id
                WHERE w.running <= b.credit_balance
            ), debit AS (
                UPDATE tenants t SET credit_balance = t.credit_balance - c.total, updated_at = now()
                FROM (SELECT tenant_id, sum(cost) AS total FROM covered GROUP BY tenant_id) c
                WHERE t.id = c.tenant_id
            ), entry AS (
                INSERT INTO credit_ledger (tenant_id, delta, balance_after, reason, batch_id, actor, period, kind)
                SELECT tenant_id, -cost, balance_after, $4, batch_id, 'system', $5, 'reply' FROM covered
            )
            """;

    /** The charge of one batch: what {@link #outcome} reads. */
    private static final String CHARGE = CHARGE_CTES + """
            SELECT EXISTS (SELECT 1 FROM paid) AS already_paid, EXISTS (SELECT 1 FROM covered) AS charged,
                   (SELECT balance_after FROM covered) AS balance_after, (SELECT threshold FROM covered) AS threshold
            """;

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
        return pool.preparedQuery(CHARGE)
                .execute(chargeArguments(new UUID[]{tenantId}, new UUID[]{batchId}, new Long[]{(long) credits}))
                .map(rows -> outcome(rows.iterator().next(), tenantId, credits));
    }

    /** $1…$6 of {@link #CHARGE_CTES}: per batch its tenant, id and cost, then what all share. */
    public Tuple chargeArguments(UUID[] tenants, UUID[] batches, Long[] costs) {
        String period = config.period().at(clock.instant()).key();
        return Tuple.of(tenants, batches, costs, AI_REPLY, period, config.lowBalancePercent());
    }

    /**
     * What a statement built on {@link #CHARGE_CTES} did to one batch, from the columns
     * {@code already_paid}, {@code charged}, {@code balance_after} and {@code threshold}.
     */
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

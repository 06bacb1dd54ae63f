package io.socialsync.responder.credits;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * The life of tenants' credits besides the per-reply charge ({@code agent/CreditLedger}): the period grants, top-ups,
 * plan changes, and what a tenant may read of it. Every change of a balance is an {@code UPDATE … SET balance =
 * balance ± n} together with its ledger entry, in one transaction.
 */
@ApplicationScoped
public class Credits {

    /** Actor of the period job and the reply charges. */
    public static final String SYSTEM = "system";

    static final String PLAN_GRANT = "plan_grant";
    static final String PERIOD_EXPIRY = "period_expiry";
    static final String TOP_UP = "top_up";
    static final String PLAN_CHANGE = "plan_change";

    private static final String UNIQUE_VIOLATION = "23505";

    private static final String LEDGER_INSERT = """
            INSERT INTO credit_ledger (tenant_id, delta, balance_after, reason, actor, period, detail)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""";

    private static final String LEDGER_COLUMNS = "id, delta, balance_after, reason, actor, period, kind, batch_id, detail, created_at";

    /** How a period's grant went for one tenant. */
    public enum Grant {
        /** The plan's credits were added (after the leftover expired, without rollover). */
        GRANTED,
        /**
         * The tenant had never had a grant: the credits it was created with are recorded as this period's grant, so
         * a tenant created with its plan's credits is not granted them twice.
         */
        OPENED,
        /** This period was granted before, by this or another replica. */
        ALREADY_GRANTED
    }

    /** When a plan change applies. */
    public enum Effective {
        NOW, NEXT_PERIOD
    }

    public enum PlanChange {
        CHANGED, SCHEDULED, UNKNOWN_PLAN, UNKNOWN_TENANT
    }

    private final Pool pool;
    private final CreditsConfig config;
    private final Clock clock;

    public Credits(Pool pool, CreditsConfig config) {
        this.pool = pool;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    public BillingPeriod.Span currentPeriod() {
        return config.period().at(clock.instant());
    }

    /**
     * Grants the current period to every tenant that has not had it yet; safe to run on every replica at once.
     *
     * @return the tenants granted (or opened) by this call
     */
    public Uni<Integer> grantDue() {
        BillingPeriod.Span period = currentPeriod();
        return pool
                .preparedQuery(
                        """
                                SELECT id FROM tenants t WHERE NOT EXISTS (
                                    SELECT 1 FROM credit_ledger l WHERE l.tenant_id = t.id AND l.reason = 'plan_grant' AND l.period = $1)
                                ORDER BY id LIMIT 1000""")
                .execute(Tuple.of(period.key()))
                .flatMap(rows -> {
                    List<UUID> due = new ArrayList<>();
                    rows.forEach(row -> due.add(row.getUUID(0)));
                    return Multi.createFrom().iterable(due)
                            .onItem().transformToUniAndConcatenate(tenant -> grant(tenant, period.key(), SYSTEM))
                            .filter(grant -> grant != Grant.ALREADY_GRANTED).collect().asList()
                            .map(List::size);
                });
    }

    /**
     * Grants {@code period} to one tenant, once: the tenant's row is locked for the transaction, and the ledger's
     * unique (tenant, period, reason) makes a second grant fail and roll back even where the lock did not order it.
     */
    public Uni<Grant> grant(UUID tenant, String period, String actor) {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT 1 FROM tenants WHERE id = $1 FOR UPDATE").execute(Tuple.of(tenant))
                // A fresh statement after the lock: it sees what a replica that held the lock before us committed.
                .flatMap(locked -> connection.preparedQuery("""
                        SELECT t.credit_balance, t.plan_code, t.pending_plan_code,
                               EXISTS (SELECT 1 FROM credit_ledger l WHERE l.tenant_id = t.id
                                       AND l.reason = 'plan_grant' AND l.period = $2) AS granted,
                               EXISTS (SELECT 1 FROM credit_ledger l WHERE l.tenant_id = t.id
                                       AND l.reason = 'plan_grant') AS ever,
                               (SELECT coalesce(sum(delta), 0) FROM credit_ledger l WHERE l.tenant_id = t.id) AS sum
                        FROM tenants t WHERE t.id = $1""").execute(Tuple.of(tenant, period)))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(Grant.ALREADY_GRANTED);
                    }
                    Row row = rows.iterator().next();
                    if (row.getBoolean("granted")) {
                        return Uni.createFrom().item(Grant.ALREADY_GRANTED);
                    }
                    long balance = row.getLong("credit_balance");
                    if (!row.getBoolean("ever")) {
                        // Entries recorded before this one (charges) plus this one sum to the balance.
                        return entry(connection, tenant, balance - row.getLong("sum"), balance, PLAN_GRANT, actor,
                                period, "opening balance").replaceWith(Grant.OPENED);
                    }
                    String pending = row.getString("pending_plan_code");
                    Uni<Void> planSwitch = pending == null
                            ? Uni.createFrom().voidItem()
                            : connection.preparedQuery("""
                                    UPDATE tenants SET plan_code = pending_plan_code, pending_plan_code = NULL,
                                                       updated_at = now()
                                    WHERE id = $1""").execute(Tuple.of(tenant))
                                    .flatMap(updated -> entry(connection, tenant, 0, balance, PLAN_CHANGE, actor,
                                            period, row.getString("plan_code") + " -> " + pending));
                    Uni<Void> expiry = config.rollover() || balance == 0
                            ? Uni.createFrom().voidItem()
                            : connection.preparedQuery("""
                                    UPDATE tenants SET credit_balance = credit_balance - $2, updated_at = now()
                                    WHERE id = $1 RETURNING credit_balance""").execute(Tuple.of(tenant, balance))
                                    .flatMap(updated -> entry(connection, tenant, -balance,
                                            updated.iterator().next().getLong(0), PERIOD_EXPIRY, actor, period,
                                            "unused credits of the previous period"));
                    return planSwitch.flatMap(switched -> expiry).flatMap(expired -> connection.preparedQuery("""
                            UPDATE tenants t SET credit_balance = t.credit_balance + p.monthly_credits,
                                                 updated_at = now()
                            FROM plans p WHERE t.id = $1 AND p.code = t.plan_code
                            RETURNING t.credit_balance, p.monthly_credits, p.code""").execute(Tuple.of(tenant)))
                            .flatMap(granted -> {
                                Row after = granted.iterator().next();
                                return entry(connection, tenant, after.getInteger("monthly_credits"),
                                        after.getLong("credit_balance"), PLAN_GRANT, actor, period,
                                        "plan " + after.getString("code"));
                            }).replaceWith(Grant.GRANTED);
                }))
                .onFailure(Credits::isUniqueViolation).recoverWithItem(Grant.ALREADY_GRANTED);
    }

    /** Adds credits to a tenant's balance; empty when there is no such tenant. */
    public Uni<Optional<Long>> topUp(String slug, long credits, String actor, String note) {
        return pool.preparedQuery("""
                WITH t AS (
                    UPDATE tenants SET credit_balance = credit_balance + $2, updated_at = now()
                    WHERE slug = $1 RETURNING id, credit_balance
                )
                INSERT INTO credit_ledger (tenant_id, delta, balance_after, reason, actor, period, detail)
                SELECT id, $2, credit_balance, 'top_up', $3, $4, $5 FROM t
                RETURNING balance_after""").execute(Tuple.of(slug, credits, actor, currentPeriod().key(), note))
                .map(rows -> rows.size() == 0
                        ? Optional.<Long>empty()
                        : Optional.of(rows.iterator().next().getLong(0)));
    }

    /**
     * Changes a tenant's plan. Now: the plan applies at once, and an upgrade adds the difference of the two plans'
     * monthly credits (a downgrade takes nothing back). Next period: the period's grant switches the plan first.
     */
    public Uni<PlanChange> changePlan(String slug, String plan, Effective effective, String actor) {
        return pool.preparedQuery("""
                SELECT (SELECT count(*) FROM plans WHERE code = $2) AS plans,
                       (SELECT id FROM tenants WHERE slug = $1) AS tenant""").execute(Tuple.of(slug, plan))
                .flatMap(rows -> {
                    Row row = rows.iterator().next();
                    if (row.getLong("plans") == 0) {
                        return Uni.createFrom().item(PlanChange.UNKNOWN_PLAN);
                    }
                    UUID tenant = row.getUUID("tenant");
                    if (tenant == null) {
                        return Uni.createFrom().item(PlanChange.UNKNOWN_TENANT);
                    }
                    String period = currentPeriod().key();
                    if (effective == Effective.NEXT_PERIOD) {
                        return pool
                                .preparedQuery(
                                        """
                                                WITH t AS (
                                                    UPDATE tenants SET pending_plan_code = $2, updated_at = now() WHERE id = $1
                                                    RETURNING id, credit_balance, plan_code
                                                )
                                                INSERT INTO credit_ledger (tenant_id, delta, balance_after, reason, actor, period, detail)
                                                SELECT id, 0, credit_balance, 'plan_change', $3, $4,
                                                       plan_code || ' -> ' || $2 || ' from the next period' FROM t""")
                                .execute(Tuple.of(tenant, plan, actor, period)).replaceWith(PlanChange.SCHEDULED);
                    }
                    return pool.preparedQuery(
                            """
                                    WITH cur AS (
                                        SELECT t.id, t.plan_code, p.monthly_credits FROM tenants t
                                        JOIN plans p ON p.code = t.plan_code WHERE t.id = $1
                                    ), np AS (SELECT code, monthly_credits FROM plans WHERE code = $2),
                                    t AS (
                                        UPDATE tenants t SET plan_code = np.code, pending_plan_code = NULL,
                                            credit_balance = t.credit_balance + greatest(np.monthly_credits - cur.monthly_credits, 0),
                                            updated_at = now()
                                        FROM cur, np WHERE t.id = cur.id
                                        RETURNING t.id, t.credit_balance, cur.plan_code AS old_plan,
                                                  greatest(np.monthly_credits - cur.monthly_credits, 0) AS delta
                                    )
                                    INSERT INTO credit_ledger (tenant_id, delta, balance_after, reason, actor, period, detail)
                                    SELECT id, delta, credit_balance, 'plan_change', $3, $4, old_plan || ' -> ' || $2 FROM t""")
                            .execute(Tuple.of(tenant, plan, actor, period)).replaceWith(PlanChange.CHANGED);
                });
    }

    /** The low-balance threshold of a tenant; {@code null} = the default share of its plan. False: no such tenant. */
    public Uni<Boolean> setLowBalanceThreshold(String slug, Long credits) {
        return pool.preparedQuery("UPDATE tenants SET low_balance_threshold = $2, updated_at = now() WHERE slug = $1")
                .execute(Tuple.of(slug, credits)).map(rows -> rows.rowCount() == 1);
    }

    public Uni<List<Plan>> plans() {
        return pool.query("""
                SELECT code, name, monthly_credits, credits_per_reply, ai_calls_per_batch, messages_per_minute,
                       allows_images, allows_audio, allows_video, allows_documents
                FROM plans ORDER BY monthly_credits, code""").execute().map(rows -> {
            List<Plan> plans = new ArrayList<>();
            for (Row row : rows) {
                plans.add(new Plan(row.getString("code"), row.getString("name"), row.getInteger("monthly_credits"),
                        row.getInteger("credits_per_reply"), row.getInteger("ai_calls_per_batch"),
                        row.getInteger("messages_per_minute"), row.getBoolean("allows_images"),
                        row.getBoolean("allows_audio"), row.getBoolean("allows_video"),
                        row.getBoolean("allows_documents")));
            }
            return plans;
        });
    }

    /** The id of the tenant with this slug. */
    public Uni<Optional<UUID>> tenantId(String slug) {
        return pool.preparedQuery("SELECT id FROM tenants WHERE slug = $1").execute(Tuple.of(slug))
                .map(rows -> rows.size() == 0
                        ? Optional.<UUID>empty()
                        : Optional.of(rows.iterator().next().getUUID(0)));
    }

    /** The tenant's balance and this period's grants and consumption. */
    public Uni<Optional<Usage>> usage(UUID tenant) {
        BillingPeriod.Span period = currentPeriod();
        Uni<RowSet<Row>> head = pool.preparedQuery("""
                SELECT t.slug, t.plan_code, t.pending_plan_code, t.credit_balance,
                       coalesce(t.low_balance_threshold, p.monthly_credits::bigint * $2 / 100) AS threshold
                FROM tenants t JOIN plans p ON p.code = t.plan_code WHERE t.id = $1""")
                .execute(Tuple.of(tenant, config.lowBalancePercent()));
        Uni<RowSet<Row>> grants = pool.preparedQuery("SELECT " + LEDGER_COLUMNS
                + " FROM credit_ledger WHERE tenant_id = $1 AND period = $2 AND delta > 0 ORDER BY id")
                .execute(Tuple.of(tenant, period.key()));
        // A reply's platform is that of the batch it answered (the charge comes before the batch is recorded).
        Uni<RowSet<Row>> consumed = pool.preparedQuery("""
                SELECT (l.created_at AT TIME ZONE 'UTC')::date AS day,
                       coalesce(l.platform, (SELECT a.platform FROM messages m
                                             JOIN social_accounts a ON a.id = m.account_id
                                             WHERE m.batch_id = l.batch_id LIMIT 1), 'unknown') AS platform,
                       coalesce(l.kind, 'reply') AS kind, sum(-l.delta) AS credits
                FROM credit_ledger l
                WHERE l.tenant_id = $1 AND l.period = $2 AND l.delta < 0 AND l.reason <> 'period_expiry'
                GROUP BY 1, 2, 3""").execute(Tuple.of(tenant, period.key()));
        Uni<RowSet<Row>> pricing = pool.preparedQuery("""
                SELECT a.platform, coalesce(m.pricing_category, 'unreported') AS category, m.billable,
                       count(*) AS messages
                FROM social_accounts a JOIN messages m ON m.account_id = a.id
                WHERE a.tenant_id = $1 AND m.direction = 'outbound' AND m.sent_at >= $2 AND m.sent_at < $3
                  AND m.status NOT IN ('queued', 'failed')
                GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""")
                .execute(Tuple.of(tenant, period.start().atOffset(ZoneOffset.UTC),
                        period.end().atOffset(ZoneOffset.UTC)));
        return Uni.combine().all().unis(head, grants, consumed, pricing).asTuple().map(all -> {
            if (all.getItem1().size() == 0) {
                return Optional.empty();
            }
            Row t = all.getItem1().iterator().next();
            List<LedgerEntry> granted = entries(all.getItem2());
            Map<LocalDate, Long> byDay = new TreeMap<>();
            Map<String, Long> byPlatform = new TreeMap<>();
            Map<String, Long> byKind = new TreeMap<>();
            long total = 0;
            for (Row row : all.getItem3()) {
                long credits = row.getLong("credits");
                total += credits;
                byDay.merge(row.getLocalDate("day"), credits, Long::sum);
                byPlatform.merge(row.getString("platform"), credits, Long::sum);
                byKind.merge(row.getString("kind"), credits, Long::sum);
            }
            long balance = t.getLong("credit_balance");
            long threshold = t.getLong("threshold");
            return Optional.of(new Usage(t.getString("slug"), t.getString("plan_code"),
                    Optional.ofNullable(t.getString("pending_plan_code")), balance, threshold, balance < threshold,
                    period.key(), period.start(), period.end(), granted,
                    granted.stream().mapToLong(LedgerEntry::delta).sum(), total, byDay, byPlatform, byKind,
                    outboundPricing(all.getItem4())));
        });
    }

    /** The tenant's ledger, newest first: entries with an id below {@code before} (all when null). */
    public Uni<List<LedgerEntry>> ledger(UUID tenant, Long before, int size) {
        return pool.preparedQuery("SELECT " + LEDGER_COLUMNS
                + " FROM credit_ledger WHERE tenant_id = $1 AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3")
                .execute(Tuple.of(tenant, before, size)).map(Credits::entries);
    }

    /** Tenants whose balance is below their low-balance threshold now. */
    public Uni<Long> lowBalanceTenants() {
        return pool.preparedQuery("""
                SELECT count(*) FROM tenants t JOIN plans p ON p.code = t.plan_code
                WHERE t.credit_balance < coalesce(t.low_balance_threshold, p.monthly_credits::bigint * $1 / 100)""")
                .execute(Tuple.of(config.lowBalancePercent())).map(rows -> rows.iterator().next().getLong(0));
    }

    /** Credits left, all tenants together: the {@code socialsync_credits_balance} gauge. */
    public Uni<Long> totalBalance() {
        return pool.query("SELECT coalesce(sum(credit_balance), 0)::bigint FROM tenants").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static Uni<Void> entry(SqlConnection connection, UUID tenant, long delta, long balanceAfter,
            String reason, String actor, String period, String detail) {
        return connection.preparedQuery(LEDGER_INSERT)
                .execute(Tuple.from(new Object[]{tenant, delta, balanceAfter, reason, actor, period, detail}))
                .replaceWithVoid();
    }

    private static List<Usage.OutboundPricing> outboundPricing(RowSet<Row> rows) {
        List<Usage.OutboundPricing> pricing = new ArrayList<>(rows.size());
        for (Row row : rows) {
            pricing.add(new Usage.OutboundPricing(row.getString("platform"), row.getString("category"),
                    row.getBoolean("billable"), row.getLong("messages")));
        }
        return pricing;
    }

    private static List<LedgerEntry> entries(RowSet<Row> rows) {
        List<LedgerEntry> entries = new ArrayList<>(rows.size());
        for (Row row : rows) {
            entries.add(new LedgerEntry(row.getLong("id"), row.getLong("delta"), row.getLong("balance_after"),
                    row.getString("reason"), row.getString("actor"), row.getString("period"), row.getString("kind"),
                    row.getUUID("batch_id"), row.getString("detail"), row.getOffsetDateTime("created_at")));
        }
        return entries;
    }

    private static boolean isUniqueViolation(Throwable failure) {
        return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }
}

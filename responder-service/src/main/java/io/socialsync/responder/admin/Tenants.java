package io.socialsync.responder.admin;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.responder.credits.CreditsConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Tenants as the operator creates them: with a plan, and that plan's monthly credits to start with. */
@ApplicationScoped
public class Tenants {

    /**
     * One statement: an unknown plan and a taken slug are told apart without a read-then-write race, and the first
     * credits are the current period's grant, with its ledger entry (so the period job does not grant it again).
     */
    private static final String CREATE = """
            WITH plan AS (SELECT code, monthly_credits FROM plans WHERE code = $3),
            created AS (
                INSERT INTO tenants (slug, name, plan_code, credit_balance)
                SELECT $1, $2, code, monthly_credits FROM plan
                ON CONFLICT (slug) DO NOTHING
                RETURNING id, credit_balance, plan_code
            ), granted AS (
                INSERT INTO credit_ledger (tenant_id, delta, balance_after, reason, actor, period, detail)
                SELECT id, credit_balance, credit_balance, 'plan_grant', 'operator', $4, 'plan ' || plan_code
                FROM created
            )
            SELECT (SELECT count(*) FROM plan) AS plans, c.id, c.credit_balance
            FROM (SELECT 1) one LEFT JOIN created c ON true""";

    private final Pool pool;
    private final CreditsConfig credits;

    public Tenants(Pool pool, CreditsConfig credits) {
        this.pool = pool;
        this.credits = credits;
    }

    public record NewTenantResult(Outcome outcome, UUID id, long creditBalance) {
    }

    public enum Outcome {
        CREATED, UNKNOWN_PLAN, SLUG_TAKEN
    }

    public Uni<NewTenantResult> create(String slug, String name, String plan) {
        return pool.preparedQuery(CREATE).execute(Tuple.of(slug, name, plan, credits.period().at(Instant.now()).key()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    if (row.getLong("plans") == 0) {
                        return new NewTenantResult(Outcome.UNKNOWN_PLAN, null, 0);
                    }
                    UUID id = row.getUUID("id");
                    return id == null
                            ? new NewTenantResult(Outcome.SLUG_TAKEN, null, 0)
                            : new NewTenantResult(Outcome.CREATED, id, row.getLong("credit_balance"));
                });
    }
}

package io.socialsync.responder.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The audit log in PostgreSQL: written for every change through the admin API, read by tenants and the operator. */
@ApplicationScoped
public class AuditTrail {

    /**
     * The tenant a change concerns: the caller's own; for the operator, the one named in the path (a tenant's slug,
     * an account's id) or by {@code ?tenant=}. Resolved before the request runs, so a deleted account still has one.
     */
    private static final String TENANT_OF = """
            SELECT COALESCE($1::uuid, (SELECT id FROM tenants WHERE slug = $2),
                            (SELECT tenant_id FROM social_accounts WHERE id = $3::uuid))""";
    private static final String RECORD = """
            INSERT INTO audit_log (tenant_id, actor, actor_role, action, target, status)
            VALUES ($1, $2, $3, $4, $5, $6)""";
    private static final String READ = """
            SELECT id, occurred_at, tenant_id, actor, actor_role, action, target, status FROM audit_log
            WHERE ($1::uuid IS NULL OR tenant_id = $1) AND id < $2
            ORDER BY id DESC LIMIT $3""";

    private final Pool pool;
    private final MeterRegistry registry;

    public AuditTrail(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.registry = registry;
    }

    public Uni<UUID> tenantOf(UUID own, String tenantSlug, UUID accountId) {
        if (own != null) {
            return Uni.createFrom().item(own);
        }
        return pool.preparedQuery(TENANT_OF).execute(Tuple.of(null, tenantSlug, accountId))
                .map(rows -> rows.iterator().next().getUUID(0));
    }

    /**
     * Never fails the request: the change is done by now. A lost entry is logged and counted
     * ({@code socialsync_audit_failures_total}) for the operator to notice.
     */
    public Uni<Void> record(UUID tenant, String actor, String role, String action, String target, int status) {
        return pool.preparedQuery(RECORD).execute(Tuple.from(new Object[]{tenant, actor, role, action, target,
                status})).replaceWithVoid()
                .onFailure().invoke(failure -> {
                    registry.counter("socialsync.audit.failures").increment();
                    Log.errorf("audit entry lost (%s %s by %s): %s", action, target, actor, failure.toString());
                })
                .onFailure().recoverWithNull();
    }

    /** Newest first, before the entry {@code before} (paging); {@code tenant} empty: every tenant's. */
    public Uni<List<AuditEntry>> read(Optional<UUID> tenant, long before, int limit) {
        return pool.preparedQuery(READ).execute(Tuple.of(tenant.orElse(null), before, limit)).map(rows -> {
            List<AuditEntry> entries = new ArrayList<>(rows.size());
            for (Row row : rows) {
                entries.add(new AuditEntry(row.getLong("id"), row.getOffsetDateTime("occurred_at"),
                        row.getUUID("tenant_id"), row.getString("actor"), row.getString("actor_role"),
                        row.getString("action"), row.getString("target"), row.getInteger("status")));
            }
            return entries;
        });
    }
}

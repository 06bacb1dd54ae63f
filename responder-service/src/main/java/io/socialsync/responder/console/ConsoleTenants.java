package io.socialsync.responder.console;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/** Every tenant, for the operator: plan, balance, accounts and what waits for a person. */
@ApplicationScoped
public class ConsoleTenants {

    private static final String LIST = """
            SELECT t.slug, t.name, t.plan_code, t.credit_balance, t.created_at,
                   (SELECT count(*) FROM social_accounts a WHERE a.tenant_id = t.id) AS accounts,
                   (SELECT count(*) FROM conversations c WHERE c.tenant_id = t.id AND c.status = 'waiting_for_human')
                       AS waiting
            FROM tenants t ORDER BY t.slug LIMIT 1000
            """;

    @TemplateData
    public record TenantRow(String slug, String name, String plan, long balance, long accounts, long waiting,
            OffsetDateTime createdAt) {

        public String created() {
            return ConsoleFormat.time(createdAt);
        }
    }

    private final Pool pool;

    public ConsoleTenants(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<TenantRow>> list() {
        return pool.query(LIST).execute().map(rows -> {
            List<TenantRow> tenants = new ArrayList<>(rows.size());
            for (Row row : rows) {
                tenants.add(new TenantRow(row.getString("slug"), row.getString("name"), row.getString("plan_code"),
                        row.getLong("credit_balance"), row.getLong("accounts"), row.getLong("waiting"),
                        row.getOffsetDateTime("created_at")));
            }
            return tenants;
        });
    }
}

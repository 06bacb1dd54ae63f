package io.socialsync.responder.console;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.responder.admin.ApiKeys;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Console sessions in PostgreSQL ({@code console_sessions}): the browser holds a random id, the table its SHA-256,
 * so neither the table nor a log line can open a session. A tenant's session lasts only as long as the API key it
 * was opened with.
 */
@ApplicationScoped
public class ConsoleSessions {

    private static final String OPEN = """
            WITH swept AS (DELETE FROM console_sessions WHERE expires_at < now())
            INSERT INTO console_sessions (id_hash, tenant_id, api_key_id, operator, csrf_token, expires_at)
            VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))
            """;

    private static final String FIND = """
            SELECT s.tenant_id, t.slug, s.operator, s.csrf_token FROM console_sessions s
            LEFT JOIN tenants t ON t.id = s.tenant_id
            LEFT JOIN admin_api_keys k ON k.id = s.api_key_id
            WHERE s.id_hash = $1 AND s.expires_at > now() AND (s.operator OR k.revoked_at IS NULL)
            """;

    private static final String CLOSE = "DELETE FROM console_sessions WHERE id_hash = $1";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who a session belongs to: a tenant (with its slug) or the operator. */
    public record Session(Optional<UUID> tenantId, Optional<String> tenantSlug, boolean operator, String csrfToken) {
    }

    /** A session just opened: the id goes to the browser's cookie only. */
    public record Opened(String id, String csrfToken) {
    }

    private final Pool pool;
    private final double lifetimeSeconds;

    public ConsoleSessions(Pool pool, ConsoleConfig config) {
        this.pool = pool;
        this.lifetimeSeconds = config.sessionLifetime().toMillis() / 1000.0;
    }

    /** Opens a tenant's session, tied to the API key it signed in with. Also sweeps expired sessions. */
    public Uni<Opened> openForTenant(UUID tenantId, UUID apiKeyId) {
        return open(tenantId, apiKeyId, false);
    }

    public Uni<Opened> openForOperator() {
        return open(null, null, true);
    }

    private Uni<Opened> open(UUID tenantId, UUID apiKeyId, boolean operator) {
        Opened opened = new Opened(randomToken(), randomToken());
        return pool.preparedQuery(OPEN)
                .execute(Tuple.tuple().addValue(ApiKeys.digest(opened.id())).addValue(tenantId).addValue(apiKeyId)
                        .addValue(operator).addValue(opened.csrfToken()).addValue(lifetimeSeconds))
                .map(inserted -> opened);
    }

    /** The live session of this id; empty when unknown, expired, signed out or its key revoked. */
    public Uni<Optional<Session>> find(String id) {
        return pool.preparedQuery(FIND).execute(Tuple.of(ApiKeys.digest(id))).map(rows -> {
            RowIterator<Row> found = rows.iterator();
            if (!found.hasNext()) {
                return Optional.empty();
            }
            Row row = found.next();
            return Optional.of(new Session(Optional.ofNullable(row.getUUID("tenant_id")),
                    Optional.ofNullable(row.getString("slug")), row.getBoolean("operator"),
                    row.getString("csrf_token")));
        });
    }

    public Uni<Void> close(String id) {
        return pool.preparedQuery(CLOSE).execute(Tuple.of(ApiKeys.digest(id))).replaceWithVoid();
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

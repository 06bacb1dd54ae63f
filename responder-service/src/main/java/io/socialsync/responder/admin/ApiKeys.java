package io.socialsync.responder.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Tenant API keys: made here, shown once, stored as their SHA-256 only. A key is {@code ssk_} followed by 256 random
 * bits (base64url), so a leaked key is recognisable by secret scanners, and its hash can be looked up directly: with
 * that much entropy there is nothing to brute-force, which is why a slow password hash (bcrypt) would add only
 * latency to every admin call.
 */
@ApplicationScoped
public class ApiKeys {

    /** Marks SocialSync keys, like {@code ghp_} or {@code sk_} elsewhere. */
    public static final String PREFIX = "ssk_";
    /** Characters kept in clear to tell keys apart in listings: the marker and 8 random characters. */
    private static final int SHOWN_CHARACTERS = PREFIX.length() + 8;
    private static final int RANDOM_BYTES = 32;
    private static final int LONGEST_KEY = 200;

    private static final String AUTHENTICATE = """
            WITH found AS (
                SELECT k.id, k.tenant_id, t.slug, k.last_used_at
                FROM admin_api_keys k JOIN tenants t ON t.id = k.tenant_id
                WHERE k.key_hash = $1 AND k.revoked_at IS NULL
            ), touched AS (
                UPDATE admin_api_keys k SET last_used_at = now() FROM found f
                WHERE k.id = f.id AND (f.last_used_at IS NULL OR f.last_used_at < now() - interval '1 minute')
            )
            SELECT id, tenant_id, slug FROM found""";
    private static final String CREATE_BY_SLUG = """
            INSERT INTO admin_api_keys (tenant_id, name, key_hash, key_prefix)
            SELECT id, $2, $3, $4 FROM tenants WHERE slug = $1
            RETURNING id, tenant_id, created_at""";
    private static final String CREATE_BY_ID = """
            INSERT INTO admin_api_keys (tenant_id, name, key_hash, key_prefix)
            SELECT id, $2, $3, $4 FROM tenants WHERE id = $1
            RETURNING id, tenant_id, created_at""";
    private static final String LIST = """
            SELECT id, name, key_prefix, created_at, revoked_at, last_used_at FROM admin_api_keys
            WHERE tenant_id = $1 ORDER BY created_at, id""";
    private static final String REVOKE = """
            UPDATE admin_api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND tenant_id = $2""";
    private static final String TENANT_BY_SLUG = "SELECT id FROM tenants WHERE slug = $1";

    private final Pool pool;
    private final SecureRandom random = new SecureRandom();

    public ApiKeys(Pool pool) {
        this.pool = pool;
    }

    /** A key as its tenant sees it in a listing: never the key itself. */
    public record ApiKeyView(UUID id, String name, String prefix, OffsetDateTime createdAt, OffsetDateTime revokedAt,
            OffsetDateTime lastUsedAt) {
    }

    /** A new key: the only time its plaintext leaves the service. */
    public record CreatedApiKey(UUID id, UUID tenantId, String name, String prefix, String key,
            OffsetDateTime createdAt) {
    }

    /** Who a valid key belongs to. */
    public record KeyOwner(UUID keyId, UUID tenantId, String tenantSlug) {
    }

    /** The owner of a valid, unrevoked key; empty for anything else, including malformed input. */
    public Uni<Optional<KeyOwner>> owner(String presentedKey) {
        if (presentedKey == null || !presentedKey.startsWith(PREFIX) || presentedKey.length() > LONGEST_KEY) {
            return Uni.createFrom().item(Optional.empty());
        }
        return pool.preparedQuery(AUTHENTICATE).execute(Tuple.of(sha256(presentedKey)))
                .map(rows -> rows.size() == 0
                        ? Optional.<KeyOwner>empty()
                        : Optional.of(ownerFrom(rows.iterator().next())));
    }

    /** A new key for the tenant with this slug; empty when there is no such tenant. */
    public Uni<Optional<CreatedApiKey>> createForSlug(String slug, String name) {
        return create(CREATE_BY_SLUG, slug, name);
    }

    /** A new key for this tenant (rotation by the tenant itself). */
    public Uni<CreatedApiKey> createForTenant(UUID tenantId, String name) {
        return create(CREATE_BY_ID, tenantId, name).map(Optional::orElseThrow);
    }

    private Uni<Optional<CreatedApiKey>> create(String sql, Object tenant, String name) {
        String key = newKey();
        String prefix = key.substring(0, SHOWN_CHARACTERS);
        return pool.preparedQuery(sql).execute(Tuple.of(tenant, name, sha256(key), prefix)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new CreatedApiKey(row.getUUID("id"), row.getUUID("tenant_id"), name, prefix, key,
                    row.getOffsetDateTime("created_at")));
        });
    }

    public Uni<List<ApiKeyView>> list(UUID tenantId) {
        return pool.preparedQuery(LIST).execute(Tuple.of(tenantId)).map(ApiKeys::views);
    }

    /** Revokes a key of this tenant at once (the next request with it is refused); false when it has no such key. */
    public Uni<Boolean> revoke(UUID tenantId, UUID keyId) {
        return pool.preparedQuery(REVOKE).execute(Tuple.of(keyId, tenantId)).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<UUID>> tenantIdOf(String slug) {
        return pool.preparedQuery(TENANT_BY_SLUG).execute(Tuple.of(slug))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getUUID(0)));
    }

    String newKey() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of a key ({@code bytea}). */
    static Buffer sha256(String key) {
        return Buffer.buffer(digest(key));
    }

    public static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static KeyOwner ownerFrom(Row row) {
        return new KeyOwner(row.getUUID("id"), row.getUUID("tenant_id"), row.getString("slug"));
    }

    private static List<ApiKeyView> views(RowSet<Row> rows) {
        List<ApiKeyView> views = new ArrayList<>(rows.size());
        for (Row row : rows) {
            views.add(new ApiKeyView(row.getUUID("id"), row.getString("name"), row.getString("key_prefix"),
                    row.getOffsetDateTime("created_at"), row.getOffsetDateTime("revoked_at"),
                    row.getOffsetDateTime("last_used_at")));
        }
        return views;
    }
}

package io.socialsync.ingest.account;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import io.socialsync.ingest.config.IngestConfig;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.Platform;
import io.socialsync.model.RedisKeys;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Finds the account a delivery was sent to, active or not (an inactive one's messages are held, not dropped), with
 * its plan, through the {@code credentials:{platform}:{id}} cache (DESIGN §3), with a near copy in this replica for
 * {@code socialsync.cache.local-ttl} (2 s) in front of it. Every delivery needs this lookup, so it is the cache that
 * saves a PostgreSQL round trip per webhook. A change of the account, its tenant's plan or the plan itself evicts
 * the key (database trigger → {@code NOTIFY} → {@link CacheInvalidation}); the TTL bounds what a lost notice could
 * leave stale.
 */
@ApplicationScoped
public class AccountDirectory {

    /** Cached for an account never registered, so that a flood of stray deliveries does not reach PostgreSQL. */
    static final String ABSENT = "{}";
    private static final Duration ABSENT_TTL = Duration.ofMinutes(1);

    private final Pool pool;
    private final ReactiveValueCommands<String, String> values;
    private final Duration ttl;
    private final long localTtlNanos;
    /** In front of Redis, for a very short time: a busy replica then asks Redis once per account and interval. */
    private final Map<String, LocalEntry> local = new ConcurrentHashMap<>();

    public AccountDirectory(Pool pool, ReactiveRedisDataSource redis, IngestConfig config) {
        this.pool = pool;
        this.values = redis.value(String.class, String.class);
        this.ttl = config.cache().ttl();
        this.localTtlNanos = config.cache().localTtl().toNanos();
    }

    /** The account with this platform id, active or not, or empty when it was never registered. */
    public Uni<Optional<Account>> find(Platform platform, String platformAccountId) {
        String key = RedisKeys.credentials(platform, platformAccountId);
        LocalEntry near = local.get(key);
        if (near != null && near.expiresAt() - System.nanoTime() > 0) {
            return Uni.createFrom().item(near.account());
        }
        return values.get(key)
                .onFailure().invoke(failure -> Log.warnf("account cache unavailable: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .flatMap(cached -> cached != null
                        ? Uni.createFrom().item(decode(cached))
                        : load(platform, platformAccountId).call(account -> remember(key, account)))
                .invoke(account -> {
                    if (localTtlNanos > 0) {
                        local.put(key, new LocalEntry(account, System.nanoTime() + localTtlNanos));
                    }
                });
    }

    /** Drops this replica's near copy; called with every invalidation notice, before the Redis key is deleted. */
    public void forget(String key) {
        local.remove(key);
    }

    private record LocalEntry(Optional<Account> account, long expiresAt) {
    }

    private Uni<Optional<Account>> load(Platform platform, String platformAccountId) {
        return pool.preparedQuery("""
                SELECT a.id, a.tenant_id, p.allows_images, p.allows_audio, p.allows_video, p.allows_documents,
                       p.max_message_tokens, a.active, a.flagged_reason
                FROM social_accounts a
                JOIN tenants t ON t.id = a.tenant_id
                JOIN plans p ON p.code = t.plan_code
                WHERE a.platform = $1 AND a.platform_account_id = $2
                """)
                .execute(Tuple.of(platform.wire(), platformAccountId))
                .map(AccountDirectory::first);
    }

    private Uni<Void> remember(String key, Optional<Account> account) {
        String value = account.map(JsonCodec::encode).orElse(ABSENT);
        return values.set(key, value, new SetArgs().px(account.isPresent() ? ttl : min(ttl, ABSENT_TTL)))
                .onFailure().invoke(failure -> Log.warnf("account not cached: %s", failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private static Optional<Account> decode(String cached) {
        return ABSENT.equals(cached) ? Optional.empty() : Optional.of(JsonCodec.decode(cached, Account.class));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Optional<Account> first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        if (!iterator.hasNext()) {
            return Optional.empty();
        }
        Row row = iterator.next();
        return Optional.of(new Account(row.getUUID("id"), row.getUUID("tenant_id"), row.getBoolean("allows_images"),
                row.getBoolean("allows_audio"), row.getBoolean("allows_video"), row.getBoolean("allows_documents"),
                row.getInteger("max_message_tokens"), row.getBoolean("active"),
                row.getBoolean("active") ? null : row.getString("flagged_reason")));
    }
}

package io.socialsync.responder.platform.limits;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.model.RedisKeys;
import io.socialsync.model.RedisScript;
import io.socialsync.responder.reply.AccountCredentials;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The turn of one outbound message under the limits that all replicas share, in Redis: the account's messages per
 * minute (its plan's, else the platform's default), the recipient's pair pacing (WhatsApp 131056) and the number's
 * throughput (80 msg/s unless the account says otherwise, slowed down after 130429). One script reserves the turn
 * atomically; the caller waits on a timer, no thread held. A message is delayed, never dropped: a turn further away
 * than {@code max-wait} fails the send as retryable, and the batch goes the retry path.
 */
// Created at start, not at first use: its metrics must exist before the first event (docs/METRICS.md).
@Startup
@ApplicationScoped
public class OutboundLimiter {

    private static final RedisScript ACQUIRE = RedisScript.load(OutboundLimiter.class, "outbound_limit");
    private static final RedisScript SLOWDOWN = RedisScript.load(OutboundLimiter.class, "outbound_slowdown");
    private static final String[] LIMITS = {"none", "account", "recipient", "number"};

    private final ReactiveRedisDataSource redis;
    private final Pool pool;
    private final OutboundConfig config;
    private final MeterRegistry registry;
    private final ConcurrentHashMap<UUID, Cached> settings = new ConcurrentHashMap<>();

    /** An account's limits as read from PostgreSQL, and when. */
    private record Cached(AccountLimits limits, long readAt) {
    }

    /** An account's limits: messages per minute (empty: the platform's default), messages per second. */
    public record AccountLimits(Integer messagesPerMinute, Integer throughputPerSecond) {
    }

    /** A turn further away than the longest accepted wait; nothing was reserved. */
    public static final class HeldTooLong extends RuntimeException {
        private final String limit;

        HeldTooLong(String limit, long waitMillis) {
            super("held by the " + limit + " limit for " + waitMillis + " ms", null, false, false);
            this.limit = limit;
        }

        public String limit() {
            return limit;
        }
    }

    public OutboundLimiter(ReactiveRedisDataSource redis, Pool pool, OutboundConfig config, MeterRegistry registry) {
        this.redis = redis;
        this.pool = pool;
        this.config = config;
        this.registry = registry;
        // At zero from start, so that the limiter's delay panel and rules find every series before the first wait.
        for (Platform platform : Platform.values()) {
            for (int limit = 1; limit < LIMITS.length; limit++) {
                delay(platform, LIMITS[limit]);
            }
        }
    }

    private Timer delay(Platform platform, String limit) {
        return Timer.builder("socialsync.outbound.delay")
                .description("How long a message waited for its turn, by limit")
                .tag("platform", platform.wire()).tag("limit", limit).publishPercentileHistogram().register(registry);
    }

    /**
     * Completes when {@code account} may send the next message to {@code recipient}, or fails with
     * {@link HeldTooLong}.
     *
     * @param pairSpacing least time between two messages to this recipient
     */
    public Uni<Void> acquire(Platform platform, AccountCredentials account, String recipient, Duration pairSpacing) {
        if (!config.limitsEnabled()) {
            return Uni.createFrom().voidItem();
        }
        return limits(account).flatMap(limits -> reserve(platform, account.platformAccountId(), recipient,
                pairSpacing, perMinute(platform, limits), throughput(platform, limits)));
    }

    /** The platform said the number sends too fast (WhatsApp 130429): slow it down for a while, on every replica. */
    public Uni<Void> slowDown(Platform platform, String platformAccountId) {
        registry.counter("socialsync.outbound.slowdowns", "platform", platform.wire()).increment();
        return run(SLOWDOWN, List.of(RedisKeys.numberSlowdown(platform, platformAccountId)),
                List.of(String.valueOf(config.slowdownMost()), String.valueOf(config.slowdownFor().toMillis())))
                .replaceWithVoid();
    }

    /** The call timeout of a platform's outbound calls ({@code [PLATFORM]_WEBHOOK_TIMEOUT}). */
    public Duration callTimeout(Platform platform) {
        OutboundConfig.PlatformOutbound own = config.platform().get(platform.wire());
        return own == null ? config.defaultCallTimeout() : own.callTimeout().orElse(config.defaultCallTimeout());
    }

    Uni<Void> reserve(Platform platform, String accountId, String recipient, Duration pairSpacing, int perMinute,
            int perSecond) {
        List<String> keys = List.of(RedisKeys.accountSends(platform, accountId),
                RedisKeys.recipientTurn(platform, accountId, recipientHash(recipient)),
                RedisKeys.numberSends(platform, accountId), RedisKeys.numberSlowdown(platform, accountId));
        long margin = config.turnMargin().toMillis();
        List<String> args = List.of(UUID.randomUUID().toString(), String.valueOf(perMinute),
                String.valueOf(config.accountWindow().toMillis() + margin),
                String.valueOf(pairSpacing.isZero() ? 0 : pairSpacing.toMillis() + margin), String.valueOf(perSecond),
                String.valueOf(config.numberWindow().toMillis() + margin), String.valueOf(config.maxWait().toMillis()));
        return run(ACQUIRE, keys, args).flatMap(answer -> {
            long wait = answer.get(0).toLong();
            if (wait < 0) {
                String limit = LIMITS[answer.get(2).toInteger()];
                registry.counter("socialsync.outbound.held.too.long", "platform", platform.wire(), "limit", limit)
                        .increment();
                return Uni.createFrom().failure(new HeldTooLong(limit, answer.get(1).toLong()));
            }
            if (wait == 0) {
                return Uni.createFrom().voidItem();
            }
            String limit = LIMITS[answer.get(1).toInteger()];
            delay(platform, limit).record(Duration.ofMillis(wait));
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(wait));
        });
    }

    private int perMinute(Platform platform, AccountLimits limits) {
        if (limits.messagesPerMinute() != null) {
            return limits.messagesPerMinute();
        }
        OutboundConfig.PlatformOutbound own = config.platform().get(platform.wire());
        return own == null
                ? config.defaultRequestsPerMinute()
                : own.requestsPerMinute().orElse(config.defaultRequestsPerMinute());
    }

    private int throughput(Platform platform, AccountLimits limits) {
        if (limits.throughputPerSecond() != null) {
            return limits.throughputPerSecond();
        }
        OutboundConfig.PlatformOutbound own = config.platform().get(platform.wire());
        return own == null ? config.numberThroughput() : own.throughput().orElse(config.numberThroughput());
    }

    private Uni<AccountLimits> limits(AccountCredentials account) {
        Cached cached = settings.get(account.id());
        long now = System.nanoTime();
        if (cached != null && now - cached.readAt() < config.settingsCache().toNanos()) {
            return Uni.createFrom().item(cached.limits());
        }
        return pool.preparedQuery("""
                SELECT p.messages_per_minute, a.throughput_per_second
                FROM social_accounts a JOIN tenants t ON t.id = a.tenant_id JOIN plans p ON p.code = t.plan_code
                WHERE a.id = $1""").execute(Tuple.of(account.id())).map(rows -> {
            AccountLimits limits = rows.size() == 0
                    ? new AccountLimits(null, null)
                    : new AccountLimits(rows.iterator().next().getInteger("messages_per_minute"),
                            rows.iterator().next().getInteger("throughput_per_second"));
            settings.put(account.id(), new Cached(limits, now));
            return limits;
        });
    }

    private Uni<Response> run(RedisScript script, List<String> keys, List<String> args) {
        return redis.execute("EVALSHA", script.evalShaArguments(keys, args))
                .onFailure(RedisScript::isNoScript)
                .recoverWithUni(() -> redis.execute("EVAL", script.evalArguments(keys, args)));
    }

    /** The recipient as the limit's key names it: never the phone number itself. */
    public static String recipientHash(String recipient) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(recipient.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}

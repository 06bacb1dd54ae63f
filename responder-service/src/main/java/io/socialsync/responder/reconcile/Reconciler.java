package io.socialsync.responder.reconcile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.MediaReference;
import io.socialsync.model.Platform;
import io.socialsync.model.RedisKeys;
import io.socialsync.model.RedisScript;
import io.socialsync.model.StreamFields;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.model.UnifiedMessageType;
import io.socialsync.responder.config.ResponderConfig;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * PostgreSQL is the system of record (DESIGN §3): inbound messages stored but neither answered nor known to Redis
 * after a grace period go back on the inbound stream, in the entry format ingest writes. "Known to Redis" is the
 * batcher's marker {@code conv:msg:{id}}: it lives as long as the message's window or batch can (30 min), and a
 * Redis that lost its data lost the marker too. So a message still in a window, a batch or a retry is never
 * enqueued twice, and one that Redis forgot always is. Runs on one replica per interval (a lock with an expiry).
 */
@ApplicationScoped
public class Reconciler {

    private static final RedisScript REENQUEUE = RedisScript.load(Reconciler.class, "reenqueue");
    /** As ingest trims the stream (its {@code socialsync.stream.max-length} default). */
    private static final String STREAM_MAX_LENGTH = "100000";

    private final Pool pool;
    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final ResponderConfig.Reconciler config;
    private final MeterRegistry registry;
    private final String owner = UUID.randomUUID().toString();
    private volatile long timer = -1;

    public Reconciler(Pool pool, ReactiveRedisDataSource redis, Vertx vertx, ResponderConfig config,
            MeterRegistry registry) {
        this.pool = pool;
        this.redis = redis;
        this.vertx = vertx;
        this.config = config.reconciler();
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            timer = vertx.setPeriodic(config.interval().toMillis(), id -> runIfOurTurn()
                    .subscribe().with(added -> {
                    }, failure -> Log.warnf("reconciler run failed, next in %s: %s", config.interval(),
                            failure.toString())));
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * One run, if no other replica ran within the interval. The lock is not released: its expiry spaces the runs.
     *
     * @return messages put back on the stream, or -1 when another replica had the turn
     */
    public Uni<Integer> runIfOurTurn() {
        return acquire().flatMap(acquired -> acquired ? reconcile() : Uni.createFrom().item(-1));
    }

    private Uni<Boolean> acquire() {
        return redis.execute("SET", RedisKeys.RECONCILER_LOCK, owner, "NX", "PX", String.valueOf(lockMillis()))
                .map(response -> response != null && "OK".equals(response.toString()));
    }

    /** Slightly shorter than the interval, so the same replica's next tick finds it free. */
    private long lockMillis() {
        return Math.max(1, config.interval().toMillis() - 50);
    }

    /** One pass over stored, unanswered messages older than the grace period (no lock: tests call it directly). */
    public Uni<Integer> reconcile() {
        return pool.preparedQuery("""
                SELECT m.id, a.platform, a.platform_account_id, c.platform_contact_id, m.platform_message_id, m.type,
                       m.text, m.media_id, m.media_url, m.media_mime_type, m.reply_to_platform_id, m.token_count,
                       m.sent_at, m.plan_allowed
                FROM messages m
                JOIN social_accounts a ON a.id = m.account_id
                JOIN conversations cv ON cv.id = m.conversation_id
                JOIN contacts c ON c.id = cv.contact_id
                WHERE m.direction = 'inbound' AND m.status = 'received'
                  AND m.created_at < now() - make_interval(secs => $1)
                  AND m.created_at > now() - make_interval(secs => $2)
                ORDER BY m.created_at
                LIMIT $3
                """)
                .execute(Tuple.of(seconds(config.grace()), seconds(config.horizon()), config.batchSize()))
                .flatMap(rows -> {
                    List<String> args = new ArrayList<>(List.of(StreamFields.SCHEMA_VERSION,
                            StreamFields.CURRENT_SCHEMA_VERSION, StreamFields.MESSAGE, STREAM_MAX_LENGTH));
                    for (Row row : rows) {
                        UnifiedMessage message = from(row);
                        args.add(message.id().toString());
                        args.add(JsonCodec.encode(message));
                    }
                    if (args.size() == 4) {
                        return Uni.createFrom().item(0);
                    }
                    List<String> keys = List.of(RedisKeys.INBOUND_STREAM);
                    return redis.execute("EVALSHA", REENQUEUE.evalShaArguments(keys, args))
                            .onFailure(RedisScript::isNoScript)
                            .recoverWithUni(() -> redis.execute("EVAL", REENQUEUE.evalArguments(keys, args)))
                            .map(added -> added.toInteger());
                })
                .invoke(added -> {
                    if (added > 0) {
                        registry.counter("socialsync.messages.reenqueued").increment(added);
                        Log.warnf("reconciler put %d stored messages that Redis did not know back on %s", added,
                                RedisKeys.INBOUND_STREAM);
                    }
                });
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static UnifiedMessage from(Row row) {
        String mediaId = row.getString("media_id");
        String mediaUrl = row.getString("media_url");
        MediaReference media = mediaId == null && mediaUrl == null
                ? null
                : new MediaReference(mediaId, mediaUrl, row.getString("media_mime_type"));
        return new UnifiedMessage(row.getUUID("id"), Platform.fromWire(row.getString("platform")),
                row.getString("platform_account_id"), row.getString("platform_contact_id"),
                row.getString("platform_message_id"), UnifiedMessageType.fromWire(row.getString("type")),
                row.getString("text"), media, row.getString("reply_to_platform_id"), row.getInteger("token_count"),
                row.getOffsetDateTime("sent_at").toInstant(), row.getBoolean("plan_allowed"));
    }
}

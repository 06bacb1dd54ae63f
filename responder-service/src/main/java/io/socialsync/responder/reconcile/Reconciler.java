package io.socialsync.responder.reconcile;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import io.socialsync.responder.batch.BatchClaimer;
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
 * enqueued twice, and one that Redis forgot always is. It also releases messages held for an account that is active
 * again, and restores batches whose reply was being sent when Redis lost its data. Runs on one replica per interval
 * (a lock with an expiry).
 */
@ApplicationScoped
public class Reconciler {

    private static final RedisScript REENQUEUE = RedisScript.load(Reconciler.class, "reenqueue");
    /** As ingest trims the stream (its {@code socialsync.stream.max-length} default). */
    private static final String STREAM_MAX_LENGTH = "100000";
    /** Pages of {@code batch-size} one run works through at most; the next run goes on. */
    private static final int MAX_PAGES = 20;
    private static final String MESSAGE_COLUMNS = """
            m.id, a.platform, a.platform_account_id, c.platform_contact_id, m.platform_message_id, m.type, m.text,
            m.media_id, m.media_url, m.media_mime_type, m.reply_to_platform_id, m.token_count, m.sent_at,
            m.plan_allowed
            """;

    private final Pool pool;
    private final BatchClaimer claimer;
    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final ResponderConfig.Reconciler config;
    private final MeterRegistry registry;
    private final String owner = UUID.randomUUID().toString();
    private volatile long timer = -1;

    public Reconciler(Pool pool, ReactiveRedisDataSource redis, BatchClaimer claimer, Vertx vertx,
            ResponderConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.claimer = claimer;
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

    /**
     * One pass (no lock: tests call it directly): releases held messages of accounts that are active again (or hands
     * those too old to a person), restores batches whose reply was being sent when Redis lost its data, and pages
     * through stored, unanswered messages older than the grace period, putting those Redis does not know back on the
     * stream.
     *
     * @return messages put back on the stream
     */
    public Uni<Integer> reconcile() {
        return releaseHeld()
                .flatMap(released -> handOldHeldToPeople())
                .flatMap(handed -> restoreReplying())
                .flatMap(restored -> reenqueuePage(null, 0, 0));
    }

    /** Held messages of an active account become {@code received} again, and Redis forgets it ever windowed them. */
    private Uni<Integer> releaseHeld() {
        return pool.preparedQuery("""
                UPDATE messages m SET status = 'received', status_detail = NULL, updated_at = now()
                FROM social_accounts a
                WHERE a.id = m.account_id AND a.active AND m.direction = 'inbound' AND m.status = 'held'
                  AND m.created_at > now() - make_interval(secs => $1)
                RETURNING m.id
                """).execute(Tuple.of(seconds(config.heldMaxAge()))).flatMap(rows -> {
            List<String> markers = new ArrayList<>(rows.size());
            rows.forEach(row -> markers.add(RedisKeys.windowed(row.getUUID("id"))));
            if (markers.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            registry.counter("socialsync.messages.released").increment(markers.size());
            Log.infof("reconciler released %d held messages of accounts active again", markers.size());
            // One key per command: the markers may live on different cluster slots.
            return Uni.join().all(markers.stream().map(marker -> redis.key().del(marker)).toList())
                    .andFailFast().replaceWith(markers.size());
        });
    }

    /** Held messages too old to answer wait for a person instead, with the reason on the conversation. */
    private Uni<Integer> handOldHeldToPeople() {
        return pool.preparedQuery("""
                WITH old AS (
                    UPDATE messages SET status = 'awaiting_human',
                           status_detail = concat_ws('; ', status_detail, 'held too long'), updated_at = now()
                    WHERE direction = 'inbound' AND status = 'held'
                      AND created_at <= now() - make_interval(secs => $1)
                    RETURNING conversation_id
                ), waiting AS (
                    UPDATE conversations SET status = 'waiting_for_human', updated_at = now()
                    WHERE id IN (SELECT conversation_id FROM old)
                    RETURNING id, tenant_id
                )
                INSERT INTO escalations (tenant_id, conversation_id, reason)
                SELECT tenant_id, id, 'held_too_old' FROM waiting w
                WHERE NOT EXISTS (SELECT 1 FROM escalations e WHERE e.conversation_id = w.id AND e.resolved_at IS NULL)
                """).execute(Tuple.of(seconds(config.heldMaxAge()))).map(rows -> rows.rowCount());
    }

    /**
     * Messages still {@code replying} long after their reply was recorded: their batch is restored under its own id
     * when Redis no longer knows it, so its recorded parts are confirmed or sent once, never written anew.
     */
    private Uni<Integer> restoreReplying() {
        return pool.preparedQuery("""
                SELECT m.batch_id,
                """ + MESSAGE_COLUMNS + """
                FROM messages m
                JOIN social_accounts a ON a.id = m.account_id
                JOIN conversations cv ON cv.id = m.conversation_id
                JOIN contacts c ON c.id = cv.contact_id
                WHERE m.direction = 'inbound' AND m.status = 'replying' AND m.batch_id IS NOT NULL
                  AND m.updated_at < now() - make_interval(secs => $1)
                ORDER BY m.batch_id, m.sent_at, m.created_at
                LIMIT $2
                """).execute(Tuple.of(seconds(config.replyingGrace()), config.batchSize())).flatMap(rows -> {
            Map<UUID, List<UnifiedMessage>> batches = new LinkedHashMap<>();
            for (Row row : rows) {
                batches.computeIfAbsent(row.getUUID("batch_id"), id -> new ArrayList<>()).add(from(row));
            }
            if (batches.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return Uni.join().all(batches.entrySet().stream()
                    .map(batch -> claimer.restore(batch.getKey(), batch.getValue().get(0).conversationKey(),
                            batch.getValue()))
                    .toList()).andFailFast()
                    .map(restored -> (int) restored.stream().filter(Boolean::booleanValue).count())
                    .invoke(restored -> {
                        if (restored > 0) {
                            registry.counter("socialsync.batches.restored").increment(restored);
                            Log.warnf("reconciler restored %d batches whose reply Redis had lost", restored);
                        }
                    });
        });
    }

    /**
     * One page of stored, unanswered messages after the cursor ({@code created_at}, id), then the next page, up to
     * {@code max-pages}: a backlog larger than a page is worked through, never the first page again and again.
     */
    private Uni<Integer> reenqueuePage(Cursor after, int pages, int addedSoFar) {
        return pool.preparedQuery("""
                SELECT m.created_at,
                """ + MESSAGE_COLUMNS + """
                FROM messages m
                JOIN social_accounts a ON a.id = m.account_id
                JOIN conversations cv ON cv.id = m.conversation_id
                JOIN contacts c ON c.id = cv.contact_id
                WHERE m.direction = 'inbound' AND m.status = 'received'
                  AND m.created_at < now() - make_interval(secs => $1)
                  AND m.created_at > now() - make_interval(secs => $2)
                  AND (m.created_at, m.id) > ($3, $4)
                ORDER BY m.created_at, m.id
                LIMIT $5
                """)
                .execute(Tuple.from(new Object[]{seconds(config.grace()), seconds(config.horizon()),
                        after == null ? OffsetDateTime.parse("1970-01-01T00:00:00Z") : after.createdAt(),
                        after == null ? new UUID(0, 0) : after.id(), config.batchSize()}))
                .flatMap(rows -> {
                    List<String> keys = new ArrayList<>(rows.size() + 1);
                    keys.add(RedisKeys.INBOUND_STREAM);
                    List<String> args = new ArrayList<>(List.of(StreamFields.SCHEMA_VERSION,
                            StreamFields.CURRENT_SCHEMA_VERSION, StreamFields.MESSAGE, STREAM_MAX_LENGTH));
                    Cursor last = after;
                    for (Row row : rows) {
                        UnifiedMessage message = from(row);
                        keys.add(RedisKeys.windowed(message.id()));
                        args.add(JsonCodec.encode(message));
                        last = new Cursor(row.getOffsetDateTime("created_at"), message.id());
                    }
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(addedSoFar);
                    }
                    Cursor next = last;
                    boolean more = rows.size() == config.batchSize() && pages + 1 < MAX_PAGES;
                    return REENQUEUE.run(redis, keys, args).map(added -> added.toInteger())
                            .invoke(this::counted)
                            .flatMap(added -> more
                                    ? reenqueuePage(next, pages + 1, addedSoFar + added)
                                    : Uni.createFrom().item(addedSoFar + added));
                });
    }

    private void counted(int added) {
        if (added > 0) {
            registry.counter("socialsync.messages.reenqueued").increment(added);
            Log.warnf("reconciler put %d stored messages that Redis did not know back on %s", added,
                    RedisKeys.INBOUND_STREAM);
        }
    }

    private record Cursor(OffsetDateTime createdAt, UUID id) {
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

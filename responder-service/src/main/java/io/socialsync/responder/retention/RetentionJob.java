package io.socialsync.responder.retention;

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
import io.socialsync.model.RedisKeys;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps customer data no longer than its purpose needs, on one replica per interval (a Redis lock with an expiry, as
 * the reconciler's): blanks the text and media references of messages older than their tenant's retention (keeping
 * the platform message id, the dedupe key of a late redelivery), trims the inbound stream of what the consumer groups
 * have acknowledged, and drops dead letters older than their maximum age.
 */
@ApplicationScoped
public class RetentionJob {

    /** What one run did. */
    public record Run(long blanked, long inboundTrimmed, long deadLettersTrimmed) {
    }

    private static final String BLANK = """
            WITH due AS (
                SELECT m.id FROM messages m
                JOIN conversations c ON c.id = m.conversation_id
                JOIN tenants t ON t.id = c.tenant_id
                WHERE m.redacted_at IS NULL AND m.created_at < now() - make_interval(days => t.retention_days)
                ORDER BY m.created_at
                LIMIT $1
                FOR UPDATE OF m SKIP LOCKED
            )
            UPDATE messages m SET text = NULL, media_id = NULL, media_url = NULL, media_mime_type = NULL,
                                  status_detail = NULL, redacted_at = now(), updated_at = now()
            FROM due WHERE m.id = due.id""";

    private final Pool pool;
    private final ReactiveRedisDataSource redis;
    private final RetentionConfig config;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final String owner = UUID.randomUUID().toString();
    private long timer = -1;

    public RetentionJob(Pool pool, ReactiveRedisDataSource redis, RetentionConfig config, Vertx vertx,
            MeterRegistry registry) {
        this.pool = pool;
        this.redis = redis;
        this.config = config;
        this.vertx = vertx;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            timer = vertx.setPeriodic(config.interval().toMillis(), id -> runIfOurTurn().subscribe().with(run -> {
            }, failure -> Log.warnf("retention run failed, next in %s: %s", config.interval(), failure.toString())));
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One run if no other replica ran within the interval; null when another had the turn. */
    public Uni<Run> runIfOurTurn() {
        long lock = Math.max(1, config.interval().toMillis() - 50);
        return redis.execute("SET", RedisKeys.RETENTION_LOCK, owner, "NX", "PX", String.valueOf(lock))
                .flatMap(set -> set != null && "OK".equals(set.toString()) ? run() : Uni.createFrom().nullItem());
    }

    /** One run, without the lock (tests call it directly). */
    public Uni<Run> run() {
        return blank(0).flatMap(blanked -> trimAcknowledged(RedisKeys.INBOUND_STREAM)
                .flatMap(inbound -> trimOlderThan(RedisKeys.DEAD_LETTER, config.deadLetterMaxAge())
                        .map(dead -> new Run(blanked, inbound, dead))))
                .invoke(run -> {
                    registry.counter("socialsync.retention.messages.blanked").increment(run.blanked());
                    if (run.blanked() + run.inboundTrimmed() + run.deadLettersTrimmed() > 0) {
                        Log.infof("retention: %d messages blanked, %d inbound entries and %d dead letters trimmed",
                                run.blanked(), run.inboundTrimmed(), run.deadLettersTrimmed());
                    }
                });
    }

    /** Blanks due messages a batch at a time, until a batch comes back short. */
    private Uni<Long> blank(long sofar) {
        return pool.preparedQuery(BLANK).execute(Tuple.of(config.batchSize())).flatMap(rows -> {
            long total = sofar + rows.rowCount();
            return rows.rowCount() < config.batchSize() ? Uni.createFrom().item(total) : blank(total);
        });
    }

    /**
     * Removes the entries of {@code stream} that every consumer group has read and acknowledged: those before the
     * oldest pending entry and up to the last delivered one. A stream without a group is left to its length cap.
     */
    Uni<Long> trimAcknowledged(String stream) {
        return redis.execute("EXISTS", stream).flatMap(exists -> exists.toLong() == 0
                ? Uni.createFrom().item(0L)
                : redis.execute("XINFO", "GROUPS", stream).flatMap(groups -> {
                    if (groups == null || groups.size() == 0) {
                        return Uni.createFrom().item(0L);
                    }
                    List<Uni<String>> keep = new ArrayList<>();
                    for (Response group : groups) {
                        String name = field(group, "name");
                        String delivered = field(group, "last-delivered-id");
                        keep.add(redis.execute("XPENDING", stream, name).map(pending -> {
                            boolean any = pending != null && pending.size() > 1 && pending.get(0).toLong() > 0;
                            return any ? pending.get(1).toString() : next(delivered);
                        }));
                    }
                    return Uni.join().all(keep).andFailFast().flatMap(ids -> {
                        String oldest = ids.stream().reduce((a, b) -> compare(a, b) <= 0 ? a : b).orElseThrow();
                        return redis.execute("XTRIM", stream, "MINID", oldest).map(Response::toLong);
                    });
                }));
    }

    /** Removes entries older than {@code age}: a stream entry's id starts with the epoch ms it was added at. */
    Uni<Long> trimOlderThan(String stream, Duration age) {
        long before = System.currentTimeMillis() - age.toMillis();
        return redis.execute("XTRIM", stream, "MINID", before + "-0").map(Response::toLong);
    }

    /** The id right after {@code id}: XTRIM MINID keeps what is not lower. */
    private static String next(String id) {
        int dash = id.indexOf('-');
        return id.substring(0, dash) + "-" + (Long.parseLong(id.substring(dash + 1)) + 1);
    }

    private static int compare(String a, String b) {
        int byTime = Long.compare(Long.parseLong(a.substring(0, a.indexOf('-'))),
                Long.parseLong(b.substring(0, b.indexOf('-'))));
        return byTime != 0
                ? byTime
                : Long.compare(Long.parseLong(a.substring(a.indexOf('-') + 1)),
                        Long.parseLong(b.substring(b.indexOf('-') + 1)));
    }

    /** A field of an XINFO answer, as a map (RESP3) or as a flat list of names and values (RESP2). */
    private static String field(Response answer, String name) {
        if (answer.getKeys() != null && answer.getKeys().contains(name)) {
            return answer.get(name).toString();
        }
        for (int i = 0; i + 1 < answer.size(); i += 2) {
            if (name.equals(answer.get(i).toString())) {
                return answer.get(i + 1).toString();
            }
        }
        throw new IllegalStateException("XINFO answer without " + name);
    }
}

package io.socialsync.responder.media;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The durable fetch jobs ({@code media_fetches}, written by a trigger with each inbound media message): claimed under
 * a lease with {@code SKIP LOCKED}, so replicas share the work and a job whose replica died is taken over when its
 * lease runs out; and what became of each.
 */
@ApplicationScoped
public class MediaFetches {

    /** One claimed job, with what fetching it needs. */
    public record Job(UUID messageId, UUID tenantId, Platform platform, String platformAccountId, String accessToken,
            String type, String mediaId, String mediaUrl, String mimeType, int attempts,
            int creditsPerTranscriptionMinute, boolean allowsAudio) {

        @Override
        public String toString() {
            return "Job[message=" + messageId + ", platform=" + platform.wire() + ", type=" + type + ", attempt="
                    + attempts + "]";
        }
    }

    /** A job's state as the reply path sees it. */
    public record State(UUID messageId, String status, UUID objectId, String transcript, String extractedText,
            String failure) {

        public boolean settled() {
            return "ready".equals(status) || "failed".equals(status);
        }
    }

    private static final String CLAIM = """
            WITH due AS (
                SELECT message_id FROM media_fetches
                WHERE (status = 'pending' AND next_attempt_at <= now()) OR (status = 'fetching' AND lease_until < now())
                ORDER BY next_attempt_at
                LIMIT $1
                FOR UPDATE SKIP LOCKED
            )
            UPDATE media_fetches f SET status = 'fetching', attempts = f.attempts + 1,
                                       lease_until = now() + make_interval(secs => $2)
            FROM due, messages m, social_accounts a, tenants t, plans p
            WHERE f.message_id = due.message_id AND m.id = f.message_id AND a.id = f.account_id
              AND t.id = f.tenant_id AND p.code = t.plan_code
            RETURNING f.message_id, f.tenant_id, a.platform, a.platform_account_id, a.access_token, f.type,
                      m.media_id, m.media_url, m.media_mime_type, f.attempts, p.credits_per_transcription_minute,
                      p.allows_audio
            """;

    private final Pool pool;

    public MediaFetches(Pool pool) {
        this.pool = pool;
    }

    /** Up to {@code limit} due jobs, each leased for {@code lease}. */
    public Uni<List<Job>> claim(int limit, Duration lease) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, lease.toMillis() / 1000.0)).map(rows -> {
            List<Job> jobs = new ArrayList<>(rows.size());
            for (Row row : rows) {
                jobs.add(new Job(row.getUUID("message_id"), row.getUUID("tenant_id"),
                        Platform.fromWire(row.getString("platform")), row.getString("platform_account_id"),
                        row.getString("access_token"), row.getString("type"), row.getString("media_id"),
                        row.getString("media_url"), row.getString("media_mime_type"), row.getInteger("attempts"),
                        row.getInteger("credits_per_transcription_minute"), row.getBoolean("allows_audio")));
            }
            return jobs;
        });
    }

    /** The job is done: what was stored and understood. */
    public Uni<Void> ready(UUID messageId, UUID objectId, String transcript, String extractedText,
            Integer durationSeconds, String failure) {
        return pool.preparedQuery("""
                UPDATE media_fetches SET status = 'ready', object_id = $2, transcript = $3, extracted_text = $4,
                                         duration_seconds = $5, failure = $6, lease_until = NULL, ready_at = now()
                WHERE message_id = $1""")
                .execute(Tuple.from(new Object[]{messageId, objectId, transcript, extractedText, durationSeconds,
                        failure}))
                .replaceWithVoid();
    }

    /** A try failed: again after {@code backoff}, or failed for good (recorded on the job, the message is kept). */
    public Uni<Void> failed(UUID messageId, String reason, boolean retry, Duration backoff) {
        return pool.preparedQuery("""
                UPDATE media_fetches SET status = CASE WHEN $3 THEN 'pending' ELSE 'failed' END, failure = $2,
                                         next_attempt_at = now() + make_interval(secs => $4), lease_until = NULL,
                                         ready_at = CASE WHEN $3 THEN NULL ELSE now() END
                WHERE message_id = $1""")
                .execute(Tuple.of(messageId, reason, retry, backoff.toMillis() / 1000.0)).replaceWithVoid();
    }

    /**
     * Charges a transcription of {@code credits} to the tenant, once per message (the job remembers it), with its
     * ledger entry; false when the balance does not cover it (nothing changes).
     */
    public Uni<Boolean> chargeTranscription(UUID messageId, UUID tenantId, int credits, String period) {
        if (credits <= 0) {
            return Uni.createFrom().item(true);
        }
        return pool.withTransaction(connection -> connection.preparedQuery("""
                WITH job AS (
                    UPDATE media_fetches SET credits_charged = $3
                    WHERE message_id = $1 AND credits_charged IS NULL
                    RETURNING message_id
                ), debit AS (
                    UPDATE tenants SET credit_balance = credit_balance - $3, updated_at = now()
                    WHERE id = $2 AND credit_balance >= $3 AND EXISTS (SELECT 1 FROM job)
                    RETURNING credit_balance
                ), entry AS (
                    INSERT INTO credit_ledger (tenant_id, delta, balance_after, reason, actor, period, kind, detail)
                    SELECT $2, -$3, credit_balance, 'transcription', 'system', $4, 'transcription', $1::text
                    FROM debit RETURNING id
                )
                SELECT NOT EXISTS (SELECT 1 FROM job) AS already, EXISTS (SELECT 1 FROM entry) AS charged""")
                .execute(Tuple.of(messageId, tenantId, (long) credits, period))
                .flatMap(rows -> {
                    Row row = rows.iterator().next();
                    if (row.getBoolean("already") || row.getBoolean("charged")) {
                        return Uni.createFrom().item(true);
                    }
                    // Not covered: undo the job's mark with the transaction.
                    return Uni.createFrom().failure(new InsufficientCredits());
                }))
                .onFailure(InsufficientCredits.class).recoverWithItem(false);
    }

    /** The jobs of these messages (messages without media have none). */
    public Uni<List<State>> states(UUID[] messageIds) {
        return pool.preparedQuery("""
                SELECT message_id, status, object_id, transcript, extracted_text, failure FROM media_fetches
                WHERE message_id = ANY($1)""").execute(Tuple.of(messageIds)).map(rows -> {
            List<State> states = new ArrayList<>(rows.size());
            for (Row row : rows) {
                states.add(new State(row.getUUID("message_id"), row.getString("status"), row.getUUID("object_id"),
                        row.getString("transcript"), row.getString("extracted_text"), row.getString("failure")));
            }
            return states;
        });
    }

    private static final class InsufficientCredits extends RuntimeException {

        InsufficientCredits() {
            super("credits do not cover the transcription", null, false, false);
        }
    }
}

package io.socialsync.responder.reply;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.responder.agent.CreditLedger;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The responder's view of PostgreSQL: accounts to reply on, and the record of each reply. Every part of a reply is
 * recorded with its text before the first request goes out, and each part's state moves {@code queued → sending →
 * sent} around its request; so after any crash or lost answer the same text is confirmed or sent once more, never
 * written anew.
 */
@ApplicationScoped
public class ConversationStore {

    private static final String PART_COLUMNS = "id, part, text, status, send_attempts, last_send_at, platform_message_id, "
            + "type, media_object_id, media_mime_type, media_filename";
    private static final String BEGIN_SEND = "WITH " + recordParts("$1", "$2", "$3", "true")
            + "SELECT * FROM recorded";
    private static final String CHARGE_AND_BEGIN_SEND = CreditLedger.CHARGE_CTES + ", "
            + recordParts("$2", "$7", "$8", "(EXISTS (SELECT 1 FROM paid) OR EXISTS (SELECT 1 FROM entry))")
            + "SELECT " + CreditLedger.CHARGE_RESULT + ", recorded.* FROM (SELECT 1) AS one LEFT JOIN recorded ON true";

    private final Pool pool;
    private final CreditLedger credits;

    public ConversationStore(Pool pool, CreditLedger credits) {
        this.pool = pool;
        this.credits = credits;
    }

    /** The account with this platform id, active or not (an inactive one says why); empty when never registered. */
    public Uni<Optional<AccountCredentials>> account(Platform platform, String platformAccountId) {
        return pool.preparedQuery("""
                SELECT id, tenant_id, platform_account_id, access_token, active,
                       COALESCE(flagged_reason, 'account inactive') AS inactive_reason
                FROM social_accounts
                WHERE platform = $1 AND platform_account_id = $2
                """)
                .execute(Tuple.of(platform.wire(), platformAccountId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(account(rows.iterator().next())));
    }

    /** The parts recorded for this batch's reply, in order; empty when none was recorded. */
    public Uni<List<RecordedPart>> recordedReply(UUID batchId) {
        return pool.preparedQuery("SELECT " + PART_COLUMNS + """
                 FROM messages WHERE batch_id = $1 AND direction = 'outbound' ORDER BY part
                """).execute(Tuple.of(batchId)).map(ConversationStore::parts);
    }

    /**
     * Before the first request (exactly one reply per batch): takes the batch's inbound messages ({@code received →
     * replying}) and records every part of the reply, keyed by the batch id and part number (unique index), in one
     * statement. Part 0 is recorded as {@code sending} (its request follows at once), the others {@code queued}.
     * Messages that another batch is already answering are not taken: after a Redis data loss the reconciler may
     * have batched them a second time, and the row lock makes the second batch see {@code replying}.
     *
     * @return the recorded parts; empty when this caller does not own the send (the batch's reply is already recorded,
     *         or every message is answered by another batch)
     */
    public Uni<List<RecordedPart>> beginSend(UUID batchId, UUID[] messageIds, List<String> parts) {
        return pool.preparedQuery(BEGIN_SEND)
                .execute(Tuple.of(batchId, messageIds).addArrayOfString(parts.toArray(String[]::new)))
                .map(rows -> recordedOrNone(rows, parts.size()));
    }

    /** The charge for an AI reply and, when it is paid, the record of {@link #beginSend}: one transaction. */
    public record ChargedSend(CreditLedger.Charge charge, List<RecordedPart> recorded) {
    }

    /**
     * {@link CreditLedger#chargeReply} and {@link #beginSend} in one statement: the reply is recorded only when it is
     * paid for (now or by an earlier attempt of the batch), and one commit serves both.
     */
    public Uni<ChargedSend> chargeAndBeginSend(UUID tenantId, int cost, UUID batchId, UUID[] messageIds,
            List<String> parts) {
        Tuple arguments = credits.chargeArguments(tenantId, batchId, cost).addValue(messageIds)
                .addArrayOfString(parts.toArray(String[]::new));
        return pool.preparedQuery(CHARGE_AND_BEGIN_SEND).execute(arguments).map(rows -> {
            CreditLedger.Charge charge = credits.outcome(rows.iterator().next(), tenantId, cost);
            List<RecordedPart> recorded = new ArrayList<>(rows.size());
            for (Row row : rows) {
                if (row.getUUID("id") != null) {
                    recorded.add(part(row));
                }
            }
            recorded.sort((a, b) -> Integer.compare(a.part(), b.part()));
            return new ChargedSend(charge, recorded.size() == parts.size() ? recorded : List.of());
        });
    }

    private static List<RecordedPart> recordedOrNone(RowSet<Row> rows, int expected) {
        List<RecordedPart> recorded = parts(rows);
        recorded.sort((a, b) -> Integer.compare(a.part(), b.part()));
        return recorded.size() == expected ? recorded : List.of();
    }

    /**
     * The common table expressions that take the batch's inbound messages and record the reply's parts
     * ({@code recorded}), given the parameters naming the batch, its messages and the parts' texts, and a condition
     * both are subject to.
     */
    private static String recordParts(String batch, String messages, String texts, String condition) {
        return """
                taken AS (
                    UPDATE messages SET status = 'replying', batch_id = %1$s, updated_at = now()
                    WHERE id = ANY(%2$s) AND direction = 'inbound'
                      AND (status = 'received' OR (status = 'replying' AND batch_id = %1$s)) AND %4$s
                    RETURNING conversation_id, account_id
                ), head AS (
                    SELECT conversation_id, account_id FROM taken LIMIT 1
                ), part AS (
                    SELECT text, (position - 1)::int AS part
                    FROM unnest(%3$s::text[]) WITH ORDINALITY AS p(text, position)
                ), recorded AS (
                    INSERT INTO messages (id, conversation_id, account_id, direction, type, text, status, batch_id,
                                          part, send_attempts, last_send_at, sent_at)
                    SELECT gen_random_uuid(), head.conversation_id, head.account_id, 'outbound', 'text', part.text,
                           CASE WHEN part.part = 0 THEN 'sending' ELSE 'queued' END, %1$s, part.part,
                           CASE WHEN part.part = 0 THEN 1 ELSE 0 END, CASE WHEN part.part = 0 THEN now() END,
                           now() + part.part * interval '1 microsecond'
                    FROM head, part
                    ON CONFLICT (batch_id, part) WHERE direction = 'outbound' AND batch_id IS NOT NULL DO NOTHING
                    RETURNING %5$s
                )
                """.formatted(batch, messages, texts, condition, PART_COLUMNS);
    }

    /**
     * A request for this part is about to be written: {@code sending}, one more attempt. @return false when the
     * platform already confirmed it (its report reached ingest meanwhile), so it must not be sent
     */
    public Uni<Boolean> markSending(UUID partId) {
        return pool.preparedQuery("""
                UPDATE messages SET status = 'sending', send_attempts = send_attempts + 1, last_send_at = now(),
                       updated_at = now()
                WHERE id = $1 AND status IN ('queued', 'sending')
                """).execute(Tuple.of(partId)).map(rows -> rows.rowCount() == 1);
    }

    /**
     * The platform took the part: its message id lets statuses find it; a status that came first stays. When it is the
     * reply's last part, the batch's inbound messages become {@code answered} in the same statement.
     */
    public Uni<Void> markPartSent(UUID partId, String platformMessageId, boolean last) {
        return pool.preparedQuery("""
                WITH part AS (
                    UPDATE messages SET platform_message_id = COALESCE(platform_message_id, $2),
                           status = CASE WHEN status IN ('queued', 'sending') THEN 'sent' ELSE status END,
                           updated_at = now()
                    WHERE id = $1
                    RETURNING batch_id
                )
                UPDATE messages SET status = 'answered', updated_at = now()
                WHERE $3 AND batch_id = (SELECT batch_id FROM part) AND direction = 'inbound' AND status = 'replying'
                """).execute(Tuple.of(partId, platformMessageId, last)).replaceWithVoid();
    }

    /** The platform proved it did not take the part (rate limit, refused connection): it may be sent later. */
    public Uni<Void> markPartNotSent(UUID partId) {
        return pool.preparedQuery("""
                UPDATE messages SET status = 'queued', updated_at = now() WHERE id = $1 AND status = 'sending'
                """).execute(Tuple.of(partId)).replaceWithVoid();
    }

    /** Every part went out: the batch's inbound messages are {@code answered}. */
    public Uni<Void> recordAnswered(UUID batchId) {
        return pool.preparedQuery("""
                UPDATE messages SET status = 'answered', updated_at = now()
                WHERE batch_id = $1 AND direction = 'inbound' AND status = 'replying'
                """).execute(Tuple.of(batchId)).replaceWithVoid();
    }

    /**
     * The reply ends without every part confirmed: parts not taken are {@code failed} with the reason, and the
     * inbound messages take {@code inboundStatus} ({@code failed}: the platform refused for good; {@code
     * awaiting_human}: a person must look; {@code held}: the account must be connected again) — in one statement.
     */
    public Uni<Void> recordUnfinished(UUID batchId, String inboundStatus, String reason) {
        return pool.preparedQuery("""
                WITH parts AS (
                    UPDATE messages SET status = 'failed', status_detail = $3, updated_at = now()
                    WHERE batch_id = $1 AND direction = 'outbound' AND status IN ('queued', 'sending')
                )
                UPDATE messages SET status = $2, status_detail = $3, updated_at = now()
                WHERE batch_id = $1 AND direction = 'inbound' AND status = 'replying'
                """).execute(Tuple.of(batchId, inboundStatus, reason)).replaceWithVoid();
    }

    /** Messages nobody will answer (no such account): failed, so the reconciler leaves them alone. */
    public Uni<Void> markUnanswerable(UUID[] messageIds, String reason) {
        return pool.preparedQuery("""
                UPDATE messages SET status = 'failed', status_detail = $2, updated_at = now()
                WHERE id = ANY($1) AND direction = 'inbound' AND status = 'received'
                """).execute(Tuple.of(messageIds, reason)).replaceWithVoid();
    }

    /** Messages the customer deleted before they were answered: ignored, so nothing answers or restores them. */
    public Uni<Void> markDeleted(UUID[] messageIds) {
        return pool.preparedQuery("""
                UPDATE messages SET status = 'ignored', updated_at = now()
                WHERE id = ANY($1) AND direction = 'inbound' AND status IN ('received', 'replying')
                """).execute(Tuple.of(messageIds)).replaceWithVoid();
    }

    /**
     * Messages for an account that does not answer now: {@code held} with the reason; the reconciler releases them
     * when the account is active again.
     */
    public Uni<Void> markHeld(UUID[] messageIds, String reason) {
        return pool.preparedQuery("""
                UPDATE messages SET status = 'held', status_detail = $2, updated_at = now()
                WHERE id = ANY($1) AND direction = 'inbound' AND status = 'received'
                """).execute(Tuple.of(messageIds, reason)).replaceWithVoid();
    }

    /** Messages nothing answers by design (a welcome request without a welcome message): ignored, with why. */
    public Uni<Void> markIgnored(UUID batchId, UUID[] messageIds, String detail) {
        return pool.preparedQuery("""
                UPDATE messages SET status = 'ignored', status_detail = $3, batch_id = $1, updated_at = now()
                WHERE id = ANY($2) AND direction = 'inbound' AND status = 'received'
                """).execute(Tuple.of(batchId, messageIds, detail)).replaceWithVoid();
    }

    /**
     * Leaves the batch's messages to a person: they are no longer {@code received}, so nothing re-enqueues them,
     * and the admin API lists their conversation as waiting for a human.
     */
    public Uni<Void> markAwaitingHuman(UUID batchId, UUID[] ids) {
        return pool.preparedQuery("""
                UPDATE messages SET status = 'awaiting_human', batch_id = $1, updated_at = now()
                WHERE id = ANY($2) AND direction = 'inbound' AND status = 'received'
                """).execute(Tuple.of(batchId, ids)).replaceWithVoid();
    }

    private static List<RecordedPart> parts(RowSet<Row> rows) {
        List<RecordedPart> parts = new ArrayList<>(rows.size());
        for (Row row : rows) {
            parts.add(part(row));
        }
        return parts;
    }

    private static RecordedPart part(Row row) {
        return new RecordedPart(row.getUUID("id"), row.getInteger("part"), row.getString("text"),
                row.getString("status"), row.getInteger("send_attempts"),
                Optional.ofNullable(row.getOffsetDateTime("last_send_at")), row.getString("platform_message_id"),
                Optional.ofNullable(row.getUUID("media_object_id"))
                        .map(object -> new RecordedPart.Media(row.getString("type"), object,
                                row.getString("media_mime_type"), row.getString("media_filename"))));
    }

    private static AccountCredentials account(Row row) {
        return new AccountCredentials(row.getUUID("id"), row.getUUID("tenant_id"), row.getString("platform_account_id"),
                row.getString("access_token"), row.getBoolean("active")
                        ? Optional.empty()
                        : Optional.of(row.getString("inactive_reason")));
    }
}

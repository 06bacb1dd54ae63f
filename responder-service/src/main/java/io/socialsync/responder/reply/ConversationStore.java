package io.socialsync.responder.reply;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.socialsync.reactive.GroupedWrites;
import io.socialsync.reactive.SharedCommits;
import io.socialsync.responder.agent.CreditLedger;
import io.socialsync.responder.config.ResponderConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The responder's view of PostgreSQL: accounts to reply on, and the record of each reply. Every part of a reply is
 * recorded with its text before the first request goes out, and each part's state moves {@code queued → sending →
 * sent} around its request; so after any crash or lost answer the same text is confirmed or sent once more, never
 * written anew.
 * <p>
 * The writes of the common path (charge and record, part sent, answered) share their commits with those of the
 * replies running beside them ({@link SharedCommits}).
 */
@ApplicationScoped
public class ConversationStore {

    private static final String PART_COLUMNS = "id, part, text, status, send_attempts, last_send_at, platform_message_id, "
            + "type, media_object_id, media_mime_type, media_filename";
    /**
     * Takes the batch's inbound messages ($1 batch, $2 message ids) and records the reply's parts ($3 texts); the
     * parts recorded are the rows.
     */
    private static final String BEGIN_SEND = """
            WITH taken AS (
                UPDATE messages SET status = 'replying', batch_id = $1, updated_at = now()
                WHERE id = ANY($2) AND direction = 'inbound'
                  AND (status = 'received' OR (status = 'replying' AND batch_id = $1))
                RETURNING conversation_id, account_id
            ), head AS (
                SELECT conversation_id, account_id FROM taken LIMIT 1
            ), part AS (
                SELECT text, (position - 1)::int AS part
                FROM unnest($3::text[]) WITH ORDINALITY AS p(text, position)
            ), recorded AS (
                INSERT INTO messages (id, conversation_id, account_id, direction, type, text, status, batch_id,
                                      part, send_attempts, last_send_at, sent_at)
                SELECT gen_random_uuid(), head.conversation_id, head.account_id, 'outbound', 'text', part.text,
                       CASE WHEN part.part = 0 THEN 'sending' ELSE 'queued' END, $1, part.part,
                       CASE WHEN part.part = 0 THEN 1 ELSE 0 END, CASE WHEN part.part = 0 THEN now() END,
                       now() + part.part * interval '1 microsecond'
                FROM head, part
                ON CONFLICT (batch_id, part) WHERE direction = 'outbound' AND batch_id IS NOT NULL DO NOTHING
                RETURNING %s
            )
            SELECT * FROM recorded
            """.formatted(PART_COLUMNS);

    /**
     * {@link #BEGIN_SEND} for a group of batches, each charged by {@link CreditLedger#CHARGE_CTES}: $7/$8 are
     * the batches' messages (input position, id), $9/$10/$11 the parts (input position, number, text). A batch's
     * messages are taken and its parts recorded only when it is paid for.
     */
    private static final String CHARGE_AND_BEGIN_SENDS = """
            %s, go AS (
                SELECT i.ord, i.batch_id FROM charge_input i
                WHERE EXISTS (SELECT 1 FROM paid WHERE paid.ord = i.ord)
                   OR EXISTS (SELECT 1 FROM covered c WHERE c.ord = i.ord)
            ), taken AS (
                UPDATE messages m SET status = 'replying', batch_id = go.batch_id, updated_at = now()
                FROM unnest($7::bigint[], $8::uuid[]) AS batch_message(ord, id)
                JOIN go ON go.ord = batch_message.ord
                WHERE m.id = batch_message.id AND m.direction = 'inbound'
                  AND (m.status = 'received' OR (m.status = 'replying' AND m.batch_id = go.batch_id))
                RETURNING go.ord, go.batch_id, m.conversation_id, m.account_id
            ), head AS (
                SELECT DISTINCT ON (ord) ord, batch_id, conversation_id, account_id FROM taken ORDER BY ord
            ), recorded AS (
                INSERT INTO messages (id, conversation_id, account_id, direction, type, text, status, batch_id,
                                      part, send_attempts, last_send_at, sent_at)
                SELECT gen_random_uuid(), head.conversation_id, head.account_id, 'outbound', 'text', part.text,
                       CASE WHEN part.part = 0 THEN 'sending' ELSE 'queued' END, head.batch_id, part.part,
                       CASE WHEN part.part = 0 THEN 1 ELSE 0 END, CASE WHEN part.part = 0 THEN now() END,
                       now() + part.part * interval '1 microsecond'
                FROM head JOIN unnest($9::bigint[], $10::int[], $11::text[]) AS part(ord, part, text)
                     ON part.ord = head.ord
                ON CONFLICT (batch_id, part) WHERE direction = 'outbound' AND batch_id IS NOT NULL DO NOTHING
                RETURNING batch_id AS recorded_batch, %s
            )
            SELECT i.ord, EXISTS (SELECT 1 FROM paid WHERE paid.ord = i.ord) AS already_paid,
                   c.ord IS NOT NULL AS charged, c.balance_after, c.threshold, r.*
            FROM charge_input i
            LEFT JOIN covered c ON c.ord = i.ord
            LEFT JOIN recorded r ON r.recorded_batch = i.batch_id
            ORDER BY i.ord
            """
            .formatted(CreditLedger.CHARGE_CTES.strip(), PART_COLUMNS);

    private final Pool pool;
    private final CreditLedger credits;
    private final SharedCommits commits;
    private final GroupedWrites<ChargeAndSend, ChargedSend> chargedSends;

    public ConversationStore(Pool pool, CreditLedger credits, SharedCommits commits, ResponderConfig config,
            MeterRegistry registry) {
        this.pool = pool;
        this.credits = credits;
        this.commits = commits;
        DistributionSummary groupSize = DistributionSummary.builder("socialsync.reply.charges.group.size")
                .description("Replies charged and recorded by one statement").register(registry);
        this.chargedSends = new GroupedWrites<>(config.store().maxInFlight(), config.store().maxBatch(),
                this::chargeAndBeginSends, groupSize::record);
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
        return commits.execute(BEGIN_SEND,
                Tuple.of(batchId, messageIds).addArrayOfString(parts.toArray(String[]::new)))
                .map(rows -> recordedOrNone(rows, parts.size()));
    }

    /** The charge for an AI reply and, when it is paid, the record of {@link #beginSend}: one transaction. */
    public record ChargedSend(CreditLedger.Charge charge, List<RecordedPart> recorded) {
    }

    /** One batch's charge and parts, waiting for its group. */
    private record ChargeAndSend(UUID tenantId, int cost, UUID batchId, UUID[] messageIds, List<String> parts) {
    }

    /**
     * {@link CreditLedger#chargeReply} and {@link #beginSend} in one statement: the reply is recorded only when it is
     * paid for (now or by an earlier attempt of the batch). The batches charged at the same time go in the same
     * statement: one commit, and one lock of each tenant's balance, for all of them.
     */
    public Uni<ChargedSend> chargeAndBeginSend(UUID tenantId, int cost, UUID batchId, UUID[] messageIds,
            List<String> parts) {
        return chargedSends.call(new ChargeAndSend(tenantId, cost, batchId, messageIds, parts));
    }

    private Uni<List<ChargedSend>> chargeAndBeginSends(List<ChargeAndSend> group) {
        int size = group.size();
        UUID[] tenants = new UUID[size];
        UUID[] batches = new UUID[size];
        Long[] costs = new Long[size];
        List<Long> messageOrds = new ArrayList<>();
        List<UUID> messageIds = new ArrayList<>();
        List<Long> partOrds = new ArrayList<>();
        List<Integer> partNumbers = new ArrayList<>();
        List<String> partTexts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ChargeAndSend request = group.get(i);
            long ord = i + 1L;
            tenants[i] = request.tenantId();
            batches[i] = request.batchId();
            costs[i] = (long) request.cost();
            for (UUID message : request.messageIds()) {
                messageOrds.add(ord);
                messageIds.add(message);
            }
            for (int part = 0; part < request.parts().size(); part++) {
                partOrds.add(ord);
                partNumbers.add(part);
                partTexts.add(request.parts().get(part));
            }
        }
        Tuple arguments = credits.chargeArguments(tenants, batches, costs)
                .addValue(messageOrds.toArray(Long[]::new)).addValue(messageIds.toArray(UUID[]::new))
                .addValue(partOrds.toArray(Long[]::new)).addValue(partNumbers.toArray(Integer[]::new))
                .addArrayOfString(partTexts.toArray(String[]::new));
        return pool.preparedQuery(CHARGE_AND_BEGIN_SENDS).execute(arguments).map(rows -> {
            List<ChargedSend> sends = new ArrayList<>(size);
            Row[] first = new Row[size];
            List<List<RecordedPart>> recorded = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                recorded.add(new ArrayList<>());
            }
            for (Row row : rows) {
                int index = (int) (row.getLong("ord") - 1);
                if (first[index] == null) {
                    first[index] = row;
                }
                if (row.getUUID("id") != null) {
                    recorded.get(index).add(part(row));
                }
            }
            for (int i = 0; i < size; i++) {
                ChargeAndSend request = group.get(i);
                CreditLedger.Charge charge = credits.outcome(first[i], request.tenantId(), request.cost());
                sends.add(new ChargedSend(charge, recordedOrNone(recorded.get(i), request.parts().size())));
            }
            return sends;
        });
    }

    private static List<RecordedPart> recordedOrNone(RowSet<Row> rows, int expected) {
        return recordedOrNone(parts(rows), expected);
    }

    private static List<RecordedPart> recordedOrNone(List<RecordedPart> recorded, int expected) {
        recorded.sort((a, b) -> Integer.compare(a.part(), b.part()));
        return recorded.size() == expected ? recorded : List.of();
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
        return commits.execute("""
                WITH part AS (
                    UPDATE messages SET platform_message_id = COALESCE(platform_message_id, $2),
                           status = CASE WHEN status IN ('queued', 'sending') THEN 'sent' ELSE status END,
                           updated_at = now()
                    WHERE id = $1
                    RETURNING batch_id
                )
                UPDATE messages SET status = 'answered', updated_at = now()
                WHERE $3 AND batch_id = (SELECT batch_id FROM part) AND direction = 'inbound' AND status = 'replying'
                """, Tuple.of(partId, platformMessageId, last)).replaceWithVoid();
    }

    /** The platform proved it did not take the part (rate limit, refused connection): it may be sent later. */
    public Uni<Void> markPartNotSent(UUID partId) {
        return pool.preparedQuery("""
                UPDATE messages SET status = 'queued', updated_at = now() WHERE id = $1 AND status = 'sending'
                """).execute(Tuple.of(partId)).replaceWithVoid();
    }

    /** Every part went out: the batch's inbound messages are {@code answered}. */
    public Uni<Void> recordAnswered(UUID batchId) {
        return commits.execute("""
                UPDATE messages SET status = 'answered', updated_at = now()
                WHERE batch_id = $1 AND direction = 'inbound' AND status = 'replying'
                """, Tuple.of(batchId)).replaceWithVoid();
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

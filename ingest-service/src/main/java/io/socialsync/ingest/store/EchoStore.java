package io.socialsync.ingest.store;

import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.ingest.account.Account;
import io.socialsync.ingest.webhook.Echo;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Tells our own sends from a person's, at once, in one statement (after finding the customer's contact). WhatsApp
 * coexistence echoes ({@code smb_message_echoes}: the business writing from the WhatsApp Business app) are a
 * person's by construction and take the same path. The responder records every part of a reply
 * ({@code queued}, then {@code sending}) before its request goes out, so an echo is ours when a part of this account
 * has its id, or, when the part's id is not known yet (the echo came first, or the send's answer was lost), when a
 * part without an id was sent to the same customer with the identical text within 10 minutes: that part takes the
 * echo's id and is {@code sent}. Parts whose texts are identical are matched oldest first.
 *
 * <p>
 * Any other echo was written by a person in the platform's app: it is stored as an outbound message marked
 * {@code human}, the conversation waits for that person ({@code waiting_for_human}, with a {@code human_replied}
 * escalation unless one is open) and its AI pauses for {@code socialsync.handoff.human-pause}; {@code ai_enabled}
 * stays as it is. A redelivered echo finds its id stored and changes nothing.
 */
@ApplicationScoped
public class EchoStore {

    /** What an echo turned out to be. */
    public enum EchoOutcome {
        OURS, HUMAN
    }

    // $1 account, $2 tenant, $3 customer, $4 new id, $5 text, $6 echo time, $7 echo id, $8 pause in seconds.
    static final String RECORD = """
            WITH known AS (
                SELECT m.id FROM messages m WHERE m.account_id = $1::uuid AND m.platform_message_id = $7::text
            ), unconfirmed AS (
                SELECT m.id FROM messages m
                JOIN conversations c ON c.id = m.conversation_id
                JOIN contacts k ON k.id = c.contact_id
                WHERE NOT EXISTS (SELECT 1 FROM known)
                  AND m.account_id = $1 AND m.direction = 'outbound' AND m.platform_message_id IS NULL
                  AND m.status IN ('queued', 'sending', 'sent') AND k.platform_contact_id = $3 AND m.text = $5
                  AND (m.last_send_at BETWEEN $6::timestamptz - interval '10 minutes'
                                          AND $6::timestamptz + interval '10 minutes'
                       OR m.sent_at BETWEEN $6::timestamptz - interval '10 minutes'
                                        AND $6::timestamptz + interval '10 minutes')
                ORDER BY m.sent_at, m.part, m.created_at
                LIMIT 1
            ), ours AS (
                SELECT id FROM known UNION ALL SELECT id FROM unconfirmed
            ), confirmed AS (
                UPDATE messages m
                SET platform_message_id = $7,
                    status = CASE WHEN m.status IN ('queued', 'sending') THEN 'sent' ELSE m.status END,
                    updated_at = now()
                FROM unconfirmed WHERE m.id = unconfirmed.id AND m.platform_message_id IS NULL
                RETURNING m.id
            ), contact AS (
                INSERT INTO contacts (account_id, platform_contact_id)
                SELECT $1, $3 WHERE NOT EXISTS (SELECT 1 FROM ours)
                ON CONFLICT (account_id, platform_contact_id) DO UPDATE SET display_name = contacts.display_name
                RETURNING id
            ), conversation AS (
                INSERT INTO conversations (tenant_id, account_id, contact_id, status, ai_paused_until, last_message_at)
                SELECT $2, $1, contact.id, 'waiting_for_human', now() + make_interval(secs => $8::float8), $6
                FROM contact
                ON CONFLICT (account_id, contact_id) DO UPDATE
                    SET status = 'waiting_for_human', ai_paused_until = EXCLUDED.ai_paused_until, updated_at = now()
                RETURNING id
            ), human AS (
                INSERT INTO messages (id, conversation_id, account_id, direction, type, text, platform_message_id,
                                      status, status_detail, sent_at)
                SELECT $4, conversation.id, $1, 'outbound', 'text', $5, $7, 'sent', 'human', $6 FROM conversation
                ON CONFLICT (account_id, platform_message_id) DO NOTHING
                RETURNING conversation_id
            ), escalated AS (
                INSERT INTO escalations (tenant_id, conversation_id, reason)
                SELECT $2, human.conversation_id, 'human_replied' FROM human
                WHERE NOT EXISTS (SELECT 1 FROM escalations e
                                  WHERE e.conversation_id = human.conversation_id AND e.resolved_at IS NULL)
            )
            SELECT EXISTS (SELECT 1 FROM ours) AS ours
            """;

    private final Pool pool;
    private final ContactIdentities identities;
    private final double pauseSeconds;

    public EchoStore(Pool pool, ContactIdentities identities, HandoffConfig config) {
        this.pool = pool;
        this.identities = identities;
        this.pauseSeconds = config.humanPause().toMillis() / 1000.0;
    }

    /** The customer may be named by another of their ids than their contact's key (WhatsApp: number or BSUID). */
    public Uni<EchoOutcome> record(Account account, Echo echo) {
        return identities.resolve(account.id(), echo.contactId(), echo.identity())
                .flatMap(key -> record(account, key, echo));
    }

    private Uni<EchoOutcome> record(Account account, String contactKey, Echo echo) {
        Tuple parameters = Tuple.tuple()
                .addUUID(account.id())
                .addUUID(account.tenantId())
                .addString(contactKey)
                .addUUID(UUID.randomUUID())
                .addString(echo.text())
                .addOffsetDateTime(echo.sentAt().atOffset(ZoneOffset.UTC))
                .addString(echo.platformMessageId())
                .addDouble(pauseSeconds);
        return pool.preparedQuery(RECORD).execute(parameters).map(rows -> {
            Row row = rows.iterator().next();
            return row.getBoolean("ours") ? EchoOutcome.OURS : EchoOutcome.HUMAN;
        });
    }
}

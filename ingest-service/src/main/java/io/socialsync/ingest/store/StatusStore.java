package io.socialsync.ingest.store;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.ingest.account.Account;
import io.socialsync.ingest.webhook.StatusUpdate;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Applies news about stored messages. A status moves one of our replies forward only ({@code queued}/{@code sending}
 * → {@code sent → delivered → read}, or {@code failed} from any of them): Meta does not promise order, so a late
 * {@code delivered} never undoes a {@code read}. A deletion marks the customer's own message, and one not yet
 * answered is no longer waiting.
 *
 * <p>
 * A status that carries our tag (WhatsApp {@code biz_opaque_callback_data} = the outbound row's id) finds the part
 * even when the responder never learnt the platform's id (timeout, reset after the request was written): any of
 * sent, delivered, read proves the part went out, and the row takes the platform's id. A status's pricing block
 * (what Meta will bill: billable, model, category, type) is kept on the message.
 */
@ApplicationScoped
public class StatusStore {

    /** Order of outbound statuses; queued and sending (outcome unknown) are below sent. */
    private static final String RANK = """
            (CASE %s WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'failed' THEN 4 ELSE 0 END)""";

    // The tagged row first, else the row with the platform's id: UNION ALL runs its branches in order. A tagged row
    // without a platform id ("free") takes the status's, unless another row already holds it (unique key).
    private static final String ADVANCE = """
            WITH target AS (
                (SELECT m.id, m.platform_message_id IS NULL AND NOT EXISTS (
                            SELECT 1 FROM messages o WHERE o.account_id = $1 AND o.platform_message_id = $2) AS free
                 FROM messages m WHERE m.id = $5::uuid AND m.account_id = $1 AND m.direction = 'outbound')
                UNION ALL
                (SELECT m.id, false FROM messages m
                 WHERE m.account_id = $1 AND m.platform_message_id = $2 AND m.direction = 'outbound')
                LIMIT 1
            )
            UPDATE messages m
            SET status = CASE WHEN %1$s < %2$s THEN $3 ELSE m.status END,
                status_detail = CASE WHEN %1$s < %2$s THEN COALESCE($4, m.status_detail) ELSE m.status_detail END,
                platform_message_id = CASE WHEN target.free THEN $2 ELSE m.platform_message_id END,
                billable = COALESCE($6, m.billable), pricing_model = COALESCE($7, m.pricing_model),
                pricing_category = COALESCE($8, m.pricing_category), pricing_type = COALESCE($9, m.pricing_type),
                updated_at = now()
            FROM target
            WHERE m.id = target.id AND (%1$s < %2$s OR target.free)
            """.formatted(RANK.formatted("m.status"), RANK.formatted("$3::text"));

    // Only the sender may delete a message: the message's conversation must be the deleting customer's (named by any
    // of their ids). A message waiting for its answer (received, held, awaiting a person) no longer waits; one in a
    // batch being answered is left out of the reply by the responder, which reads the row before the AI call.
    private static final String DELETED = """
            UPDATE messages m
            SET status = CASE WHEN m.status IN ('received', 'held', 'awaiting_human') THEN 'ignored' ELSE m.status END,
                status_detail = concat_ws('; ', m.status_detail, 'deleted by customer'), updated_at = now()
            FROM conversations c JOIN contacts k ON k.id = c.contact_id
            WHERE m.account_id = $1 AND m.platform_message_id = $2 AND m.direction = 'inbound'
              AND c.id = m.conversation_id
              AND (k.platform_contact_id = $3 OR EXISTS (SELECT 1 FROM contact_identities i
                                                         WHERE i.contact_id = k.id AND i.identifier = $3))
              AND (m.status_detail IS NULL OR m.status_detail NOT LIKE '%deleted by customer')
            """;

    // Coexistence: the business deleted one of its own messages in the WhatsApp Business app.
    private static final String DELETED_BY_BUSINESS = """
            UPDATE messages m
            SET status_detail = concat_ws('; ', m.status_detail, 'deleted by business'), updated_at = now()
            WHERE m.account_id = $1 AND m.platform_message_id = $2 AND m.direction = 'outbound'
              AND (m.status_detail IS NULL OR m.status_detail NOT LIKE '%deleted by business')
            """;

    private final Pool pool;
    private final ContactIdentities identities;

    public StatusStore(Pool pool, ContactIdentities identities) {
        this.pool = pool;
        this.identities = identities;
    }

    /** @return whether a stored message took the news (false: unknown message, or news older than what we know) */
    public Uni<Boolean> apply(Account account, StatusUpdate update) {
        Uni<Integer> changed;
        if (StatusUpdate.DELETED_BY_BUSINESS.equals(update.status())) {
            changed = pool.preparedQuery(DELETED_BY_BUSINESS)
                    .execute(Tuple.of(account.id(), update.platformMessageId())).map(rows -> rows.rowCount());
        } else if (StatusUpdate.DELETED.equals(update.status())) {
            if (update.contactId() == null) {
                return Uni.createFrom().item(false);
            }
            changed = identities.resolve(account.id(), update.contactId(), update.identity())
                    .flatMap(key -> pool.preparedQuery(DELETED)
                            .execute(Tuple.of(account.id(), update.platformMessageId(), key)))
                    .map(rows -> rows.rowCount());
        } else {
            Tuple parameters = Tuple.tuple().addUUID(account.id()).addString(update.platformMessageId())
                    .addString(update.status()).addString(update.detail()).addUUID(ourId(update.tag()));
            StatusUpdate.Pricing pricing = update.pricing();
            parameters.addBoolean(pricing == null ? null : pricing.billable())
                    .addString(pricing == null ? null : pricing.model())
                    .addString(pricing == null ? null : pricing.category())
                    .addString(pricing == null ? null : pricing.type());
            changed = pool.preparedQuery(ADVANCE).execute(parameters).map(rows -> rows.rowCount());
        }
        return changed.map(count -> count > 0);
    }

    /** Our outbound row's id from the tag, or null when the tag is absent or someone else's. */
    static UUID ourId(String tag) {
        if (tag == null || tag.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(tag);
        } catch (IllegalArgumentException notOurs) {
            return null;
        }
    }
}

package io.socialsync.ingest.store;

import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.ingest.account.Account;
import io.socialsync.ingest.webhook.ExtractedMessage;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Stores inbound messages idempotently. Contact, conversation and message are written by one statement, so one
 * round trip and one implicit transaction: all three or none. Contacts and conversations are upserted
 * ({@code INSERT … ON CONFLICT}), never read then written, so concurrent deliveries for a new customer cannot race.
 */
@ApplicationScoped
public class MessageStore {

    static final String STATUS_RECEIVED = "received";

    private static final String STORE = """
            WITH contact AS (
                INSERT INTO contacts (account_id, platform_contact_id, display_name)
                VALUES ($1, $3, $4)
                ON CONFLICT (account_id, platform_contact_id) DO UPDATE
                    SET display_name = COALESCE(EXCLUDED.display_name, contacts.display_name)
                RETURNING id
            ), conversation AS (
                INSERT INTO conversations (tenant_id, account_id, contact_id, last_message_at)
                SELECT $2, $1, contact.id, $15 FROM contact
                ON CONFLICT (account_id, contact_id) DO UPDATE
                    SET last_message_at = GREATEST(conversations.last_message_at, EXCLUDED.last_message_at)
                RETURNING id
            ), inserted AS (
                INSERT INTO messages (id, conversation_id, account_id, direction, type, text, media_id, media_url,
                                      media_mime_type, reply_to_platform_id, token_count, plan_allowed,
                                      platform_message_id, status, sent_at)
                SELECT $5, conversation.id, $1, 'inbound', $6, $7, $8, $9, $10, $11, $12, $13, $14, 'received', $15
                FROM conversation
                ON CONFLICT (account_id, platform_message_id) DO NOTHING
                RETURNING id, status
            )
            SELECT id, status, true AS created FROM inserted
            UNION ALL
            SELECT id, status, false AS created FROM messages
            WHERE account_id = $1 AND platform_message_id = $14 AND NOT EXISTS (SELECT 1 FROM inserted)
            """;

    private final Pool pool;

    public MessageStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<StoredMessage> store(Account account, ExtractedMessage message, int tokenCount, boolean planAllowed) {
        UUID id = UUID.randomUUID();
        Tuple parameters = Tuple.tuple()
                .addUUID(account.id())
                .addUUID(account.tenantId())
                .addString(message.contactId())
                .addString(message.contactName())
                .addUUID(id)
                .addString(message.type().wire())
                .addString(message.text())
                .addString(message.media() == null ? null : message.media().id())
                .addString(message.media() == null ? null : message.media().url())
                .addString(message.media() == null ? null : message.media().mimeType())
                .addString(message.replyToId())
                .addInteger(tokenCount)
                .addBoolean(planAllowed)
                .addString(message.platformMessageId())
                .addOffsetDateTime(message.sentAt().atOffset(ZoneOffset.UTC));
        return pool.preparedQuery(STORE).execute(parameters).map(rows -> {
            var iterator = rows.iterator();
            if (!iterator.hasNext()) {
                // A concurrent redelivery holds the row and has not committed yet; it will enqueue the message.
                return new StoredMessage(id, false, false);
            }
            Row row = iterator.next();
            return new StoredMessage(row.getUUID("id"), row.getBoolean("created"),
                    STATUS_RECEIVED.equals(row.getString("status")));
        });
    }
}

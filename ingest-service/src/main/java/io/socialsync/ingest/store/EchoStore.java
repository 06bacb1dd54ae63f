package io.socialsync.ingest.store;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.ingest.account.Account;
import io.socialsync.ingest.config.IngestConfig;
import io.socialsync.ingest.webhook.Echo;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Tells our own sends from a human's. The responder stores every reply it sends with the platform's message id, so
 * an echo whose id is stored is ours (or a redelivery) and is ignored. An echo whose id is unknown, still unknown
 * after {@code socialsync.instagram.echo-grace} (the responder records a send only after Meta answered it, and the
 * echo may arrive first), was written by a person in the Instagram app: it is stored as an outbound message marked
 * {@code human}, and the conversation's AI is paused ({@code ai_enabled = false}) in the same statement.
 */
@ApplicationScoped
public class EchoStore {

    /** What an echo turned out to be. */
    public enum EchoOutcome {
        OURS, HUMAN
    }

    private static final String KNOWN = "SELECT 1 FROM messages WHERE account_id = $1 AND platform_message_id = $2";

    private static final String HUMAN_REPLY = """
            WITH contact AS (
                INSERT INTO contacts (account_id, platform_contact_id) VALUES ($1, $3)
                ON CONFLICT (account_id, platform_contact_id) DO UPDATE SET display_name = contacts.display_name
                RETURNING id
            ), conversation AS (
                INSERT INTO conversations (tenant_id, account_id, contact_id, ai_enabled, last_message_at)
                SELECT $2, $1, contact.id, false, $6 FROM contact
                ON CONFLICT (account_id, contact_id) DO UPDATE SET ai_enabled = false, updated_at = now()
                RETURNING id
            )
            INSERT INTO messages (id, conversation_id, account_id, direction, type, text, platform_message_id, status,
                                  status_detail, sent_at)
            SELECT $4, conversation.id, $1, 'outbound', 'text', $5, $7, 'sent', 'human', $6 FROM conversation
            ON CONFLICT (account_id, platform_message_id) DO NOTHING
            """;

    private final Pool pool;
    private final Duration grace;

    public EchoStore(Pool pool, IngestConfig config) {
        this.pool = pool;
        this.grace = config.instagram().echoGrace();
    }

    public Uni<EchoOutcome> record(Account account, Echo echo) {
        return known(account, echo).flatMap(known -> {
            if (known) {
                return Uni.createFrom().item(EchoOutcome.OURS);
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(grace)
                    .flatMap(waited -> known(account, echo))
                    .flatMap(knownLater -> knownLater
                            ? Uni.createFrom().item(EchoOutcome.OURS)
                            : storeHumanReply(account, echo).replaceWith(EchoOutcome.HUMAN));
        });
    }

    private Uni<Boolean> known(Account account, Echo echo) {
        return pool.preparedQuery(KNOWN).execute(Tuple.of(account.id(), echo.platformMessageId()))
                .map(rows -> rows.size() > 0);
    }

    private Uni<Void> storeHumanReply(Account account, Echo echo) {
        Tuple parameters = Tuple.tuple()
                .addUUID(account.id())
                .addUUID(account.tenantId())
                .addString(echo.contactId())
                .addUUID(UUID.randomUUID())
                .addString(echo.text())
                .addOffsetDateTime(echo.sentAt().atOffset(ZoneOffset.UTC))
                .addString(echo.platformMessageId());
        return pool.preparedQuery(HUMAN_REPLY).execute(parameters).replaceWithVoid();
    }
}

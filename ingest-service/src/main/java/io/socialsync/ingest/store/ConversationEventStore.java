package io.socialsync.ingest.store;

import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.ingest.account.Account;
import io.socialsync.ingest.webhook.ContactIdentity;
import io.socialsync.ingest.webhook.ConversationEvent;
import io.socialsync.model.JsonCodec;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Records what a platform tells about a customer or conversation that is not a message, on the conversation an
 * operator reads ({@code conversation_events}), and applies its effect once: a new number or business-scoped id joins
 * the customer's identities (the conversation and history stay one), a call-permission reply, a marketing
 * preference, a block or the thread's owner update the contact or conversation. Nothing here is ever enqueued for
 * the AI. A redelivered event finds its row and changes nothing.
 */
@ApplicationScoped
public class ConversationEventStore {

    // $1 account, $2 tenant, $3 contact key, $4 kind, $5 attributes, $6 time.
    static final String RECORD = """
            WITH contact AS (
                INSERT INTO contacts (account_id, platform_contact_id) VALUES ($1, $3)
                ON CONFLICT (account_id, platform_contact_id) DO UPDATE SET display_name = contacts.display_name
                RETURNING id
            ), conversation AS (
                INSERT INTO conversations (tenant_id, account_id, contact_id)
                SELECT $2, $1, contact.id FROM contact
                ON CONFLICT (account_id, contact_id) DO UPDATE SET tenant_id = conversations.tenant_id
                RETURNING id, contact_id
            ), recorded AS (
                INSERT INTO conversation_events (conversation_id, kind, attributes, occurred_at)
                SELECT conversation.id, $4, $5::jsonb, $6 FROM conversation
                ON CONFLICT (conversation_id, kind, occurred_at, attributes) DO NOTHING
                RETURNING id
            )
            SELECT conversation.id AS conversation_id, conversation.contact_id,
                   EXISTS (SELECT 1 FROM recorded) AS recorded
            FROM conversation
            """;

    static final String CONVERSATION_STATE = """
            UPDATE conversations SET call_permission = COALESCE($2, call_permission),
                   thread_owner = COALESCE($3, thread_owner), updated_at = now()
            WHERE id = $1
            """;

    static final String CONTACT_STATE = """
            UPDATE contacts SET
                marketing_opt_out_at = CASE WHEN $2 = 'stop' THEN COALESCE(marketing_opt_out_at, $4)
                                            WHEN $2 = 'resume' THEN NULL ELSE marketing_opt_out_at END,
                unreachable_at = CASE WHEN $3 = 'unreachable' THEN COALESCE(unreachable_at, $4)
                                      WHEN $3 = 'reachable' THEN NULL ELSE unreachable_at END,
                updated_at = now()
            WHERE id = $1
            """;

    private final Pool pool;
    private final ContactIdentities identities;

    public ConversationEventStore(Pool pool, ContactIdentities identities) {
        this.pool = pool;
        this.identities = identities;
    }

    /** @return whether the event was new (false for a redelivery) */
    public Uni<Boolean> record(Account account, ConversationEvent event) {
        return identities.resolve(account.id(), event.contactId(), event.identity()).flatMap(key -> {
            Tuple parameters = Tuple.tuple().addUUID(account.id()).addUUID(account.tenantId()).addString(key)
                    .addString(event.kind().name().toLowerCase(Locale.ROOT))
                    .addValue(new JsonObject(JsonCodec.encode(event.attributes())))
                    .addOffsetDateTime(event.at().atOffset(ZoneOffset.UTC));
            return pool.preparedQuery(RECORD).execute(parameters).flatMap(rows -> {
                Row row = rows.iterator().next();
                // An identity change names the customer by their old ids: those must not become current again.
                boolean identityChange = event.kind() == ConversationEvent.Kind.NUMBER_CHANGED
                        || event.kind() == ConversationEvent.Kind.USER_ID_CHANGED;
                Uni<Void> known = event.identity() == null || identityChange
                        ? Uni.createFrom().voidItem()
                        : identities.record(account.id(), key, event.identity());
                if (!row.getBoolean("recorded")) {
                    return known.replaceWith(false);
                }
                return known.chain(() -> apply(account, key, row, event)).replaceWith(true);
            });
        });
    }

    private Uni<Void> apply(Account account, String key, Row recorded, ConversationEvent event) {
        Map<String, String> attributes = event.attributes();
        var at = event.at().atOffset(ZoneOffset.UTC);
        return switch (event.kind()) {
            case NUMBER_CHANGED -> identities.record(account.id(), key,
                    new ContactIdentity(attributes.get("new_wa_id"), attributes.get("new_user_id"), null, null));
            case USER_ID_CHANGED -> identities.record(account.id(), key,
                    new ContactIdentity(null, attributes.get("new_user_id"), null, null));
            case CALL_PERMISSION -> conversation(recorded, attributes.get("response"), null);
            case THREAD_OWNER -> conversation(recorded, null, attributes.get("owner"));
            case PREFERENCES -> pool.preparedQuery(CONTACT_STATE)
                    .execute(Tuple.of(recorded.getUUID("contact_id"), attributes.get("preference"), null, at))
                    .replaceWithVoid();
            case UNREACHABLE, REACHABLE -> pool.preparedQuery(CONTACT_STATE)
                    .execute(Tuple.of(recorded.getUUID("contact_id"), null,
                            event.kind().name().toLowerCase(Locale.ROOT), at))
                    .replaceWithVoid();
            case CALL, WELCOME_REQUEST -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> conversation(Row recorded, String callPermission, String threadOwner) {
        String permission = "accept".equals(callPermission) || "reject".equals(callPermission) ? callPermission : null;
        String owner = "us".equals(threadOwner) || "other".equals(threadOwner) ? threadOwner : null;
        return pool.preparedQuery(CONVERSATION_STATE)
                .execute(Tuple.of(recorded.getUUID("conversation_id"), permission, owner)).replaceWithVoid();
    }
}

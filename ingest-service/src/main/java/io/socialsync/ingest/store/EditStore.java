package io.socialsync.ingest.store;

import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.ingest.account.Account;
import io.socialsync.ingest.webhook.MessageEdit;
import io.socialsync.ingest.webhook.TokenCounter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A customer's edit (or, in coexistence, the business's edit from its app). A customer message still waiting for its
 * answer ({@code received}, {@code held}, {@code awaiting_human}) takes the new text, so the reply answers what the
 * customer means now; one the AI is answering or has answered keeps what the AI saw, and the edit is recorded beside
 * it. The business's own messages take the new text (what the customer now sees). Only a message of the
 * conversation of the customer named by the edit changes. A redelivered edit finds its row and changes nothing.
 */
@ApplicationScoped
public class EditStore {

    // $1 account, $2 original platform id, $3 customer (any of their ids), $4 new text, $5 edit time, $6 tokens.
    static final String APPLY = """
            WITH target AS (
                SELECT m.id, m.direction = 'outbound'
                             OR m.status IN ('received', 'held', 'awaiting_human') AS pending
                FROM messages m
                JOIN conversations c ON c.id = m.conversation_id
                JOIN contacts k ON k.id = c.contact_id
                WHERE m.account_id = $1 AND m.platform_message_id = $2
                  AND (k.platform_contact_id = $3 OR EXISTS (SELECT 1 FROM contact_identities i
                                                             WHERE i.contact_id = k.id AND i.identifier = $3))
            ), recorded AS (
                INSERT INTO message_edits (message_id, edited_at, text, applied)
                SELECT target.id, $5, $4, target.pending FROM target
                ON CONFLICT (message_id, edited_at) DO NOTHING
                RETURNING message_id, applied
            ), applied AS (
                UPDATE messages m SET text = $4, token_count = $6, updated_at = now()
                FROM recorded
                WHERE m.id = recorded.message_id AND recorded.applied
            )
            SELECT count(*) AS recorded FROM recorded
            """;

    private final Pool pool;
    private final ContactIdentities identities;
    private final TokenCounter tokens;

    public EditStore(Pool pool, ContactIdentities identities, TokenCounter tokens) {
        this.pool = pool;
        this.identities = identities;
        this.tokens = tokens;
    }

    /** @return whether a stored message took the edit (false: unknown message, another customer's, or a redelivery) */
    public Uni<Boolean> apply(Account account, MessageEdit edit) {
        return identities.resolve(account.id(), edit.contactId(), edit.identity())
                .flatMap(key -> apply(account, key, edit));
    }

    private Uni<Boolean> apply(Account account, String contactKey, MessageEdit edit) {
        Tuple parameters = Tuple.tuple().addUUID(account.id()).addString(edit.platformMessageId())
                .addString(contactKey).addString(edit.text())
                .addOffsetDateTime(edit.at().atOffset(ZoneOffset.UTC)).addInteger(tokens.count(edit.text()));
        return pool.preparedQuery(APPLY).execute(parameters)
                .map(rows -> rows.iterator().next().getLong("recorded") > 0);
    }
}

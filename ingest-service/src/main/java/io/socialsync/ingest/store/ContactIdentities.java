package io.socialsync.ingest.store;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.ingest.webhook.ContactIdentity;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * One customer, one contact, whatever id the platform names them by today. A contact keeps the key it was created
 * with; every id seen for it (number, BSUID, parent BSUID) is recorded in {@code contact_identities}, and a delivery
 * naming the customer by any of them is stored under that key. So a customer who hides their number, changes it, or
 * gets a new BSUID stays one conversation with one history.
 */
@ApplicationScoped
public class ContactIdentities {

    /** The key of the contact any of {@code $2} names: through a recorded id first, else a contact keyed by it. */
    static final String RESOLVE = """
            (SELECT c.platform_contact_id FROM contact_identities i JOIN contacts c ON c.id = i.contact_id
             WHERE i.account_id = $1 AND i.identifier = ANY($2::text[])
             ORDER BY i.created_at LIMIT 1)
            UNION ALL
            (SELECT c.platform_contact_id FROM contacts c
             WHERE c.account_id = $1 AND c.platform_contact_id = ANY($2::text[])
             ORDER BY c.created_at LIMIT 1)
            LIMIT 1
            """;

    /**
     * Records the ids of contact {@code $2} (by key) and keeps its columns current; an id already recorded for
     * another contact stays with that one (no silent merge of two histories).
     */
    static final String RECORD = """
            WITH contact AS (
                SELECT id FROM contacts WHERE account_id = $1 AND platform_contact_id = $2
            ), recorded AS (
                INSERT INTO contact_identities (account_id, identifier, contact_id, kind)
                SELECT $1, ids.identifier, contact.id, ids.kind
                FROM contact, unnest($3::text[], $4::text[]) AS ids(identifier, kind)
                ON CONFLICT (account_id, identifier) DO NOTHING
            )
            UPDATE contacts c
            SET wa_id = COALESCE($5, c.wa_id), user_id = COALESCE($6, c.user_id),
                parent_user_id = COALESCE($7, c.parent_user_id), username = COALESCE($8, c.username),
                updated_at = now()
            FROM contact
            WHERE c.id = contact.id
              AND (c.wa_id IS DISTINCT FROM COALESCE($5, c.wa_id) OR c.user_id IS DISTINCT FROM COALESCE($6, c.user_id)
                   OR c.parent_user_id IS DISTINCT FROM COALESCE($7, c.parent_user_id)
                   OR c.username IS DISTINCT FROM COALESCE($8, c.username))
            """;

    private final Pool pool;

    public ContactIdentities(Pool pool) {
        this.pool = pool;
    }

    /**
     * The key of the contact the customer already has, or {@code key} for a customer seen for the first time.
     *
     * @param key what the delivery names the customer by
     * @param identity every id the delivery carries, or null
     */
    public Uni<String> resolve(UUID accountId, String key, ContactIdentity identity) {
        List<String> ids = identity == null
                ? List.of(key)
                : java.util.stream.Stream.concat(java.util.stream.Stream.of(key),
                        identity.identifiers().stream().map(id -> id[0])).distinct().toList();
        return pool.preparedQuery(RESOLVE).execute(Tuple.of(accountId, ids.toArray(String[]::new))).map(rows -> {
            RowIterator<Row> found = rows.iterator();
            return found.hasNext() ? found.next().getString(0) : key;
        });
    }

    /** Attaches every id of {@code identity} to the contact with key {@code contactKey}. */
    public Uni<Void> record(UUID accountId, String contactKey, ContactIdentity identity) {
        List<String[]> ids = identity.identifiers();
        String[] identifiers = ids.stream().map(id -> id[0]).toArray(String[]::new);
        String[] kinds = ids.stream().map(id -> id[1]).toArray(String[]::new);
        Tuple parameters = Tuple.tuple().addUUID(accountId).addString(contactKey).addArrayOfString(identifiers)
                .addArrayOfString(kinds).addString(identity.waId()).addString(identity.userId())
                .addString(identity.parentUserId()).addString(identity.username());
        return pool.preparedQuery(RECORD).execute(parameters).replaceWithVoid();
    }
}

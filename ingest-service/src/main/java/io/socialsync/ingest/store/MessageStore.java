package io.socialsync.ingest.store;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.socialsync.ingest.config.IngestConfig;
import io.socialsync.ingest.grouping.GroupedCalls;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Stores inbound messages idempotently, grouping concurrent requests into one statement (group commit).
 *
 * <p>
 * Contacts, conversations and messages of a whole group are written by <b>one statement</b> (CTEs over
 * {@code unnest}ed arrays): one round trip and one implicit transaction, all rows or none. Contacts and
 * conversations are upserted, never read then written; messages are {@code INSERT … ON CONFLICT DO NOTHING} on
 * {@code (account_id, platform_message_id)}, so a redelivery is stored once.
 *
 * <p>
 * Concurrent requests are grouped by {@link GroupedCalls}: up to {@code socialsync.store.max-in-flight} statements
 * run at once, each storing everything that queued meanwhile (up to {@code max-batch}). A lone request waits for
 * nobody; under load one commit serves many webhooks. Each caller is answered only once the statement holding its
 * row has committed.
 */
@ApplicationScoped
public class MessageStore {

    static final String STATUS_RECEIVED = "received";
    static final String STATUS_IGNORED = "ignored";
    private static final String DEADLOCK = "40P01";

    // Rows are locked in a fixed order (contacts by key, conversations by contact id, messages by platform id), so
    // two concurrent groups sharing customers wait for each other instead of deadlocking.
    private static final String STORE = """
            WITH input AS (
                SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::text[],
                                     $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::int[],
                                     $13::bool[], $14::text[], $15::timestamptz[], $16::text[], $17::text[])
                    WITH ORDINALITY AS t(account_id, tenant_id, contact, name, id, type, text, media_id, media_url,
                                         mime, reply_to, tokens, allowed, pmid, sent_at, detail, status, ord)
            ), contact AS (
                INSERT INTO contacts (account_id, platform_contact_id, display_name)
                SELECT DISTINCT ON (account_id, contact) account_id, contact, name FROM input
                ORDER BY account_id, contact, ord DESC
                ON CONFLICT (account_id, platform_contact_id) DO UPDATE
                    SET display_name = COALESCE(EXCLUDED.display_name, contacts.display_name)
                RETURNING id, account_id, platform_contact_id
            ), conversation AS (
                INSERT INTO conversations (tenant_id, account_id, contact_id, last_message_at)
                SELECT DISTINCT ON (c.id) i.tenant_id, i.account_id, c.id, max(i.sent_at) OVER (PARTITION BY c.id)
                FROM input i JOIN contact c ON c.account_id = i.account_id AND c.platform_contact_id = i.contact
                ORDER BY c.id
                ON CONFLICT (account_id, contact_id) DO UPDATE
                    SET last_message_at = GREATEST(conversations.last_message_at, EXCLUDED.last_message_at)
                RETURNING id, contact_id, ai_enabled
            ), inserted AS (
                INSERT INTO messages (id, conversation_id, account_id, direction, type, text, media_id, media_url,
                                      media_mime_type, reply_to_platform_id, token_count, plan_allowed,
                                      platform_message_id, status, status_detail, sent_at)
                SELECT i.id, v.id, i.account_id, 'inbound', i.type, i.text, i.media_id, i.media_url, i.mime,
                       i.reply_to, i.tokens, i.allowed, i.pmid,
                       CASE WHEN v.ai_enabled THEN i.status ELSE 'ignored' END,
                       CASE WHEN v.ai_enabled OR i.status <> 'received' THEN i.detail
                            ELSE concat_ws('; ', i.detail, 'ai paused') END,
                       i.sent_at
                FROM input i
                JOIN contact c ON c.account_id = i.account_id AND c.platform_contact_id = i.contact
                JOIN conversation v ON v.contact_id = c.id
                ORDER BY i.account_id, i.pmid
                ON CONFLICT (account_id, platform_message_id) DO NOTHING
                RETURNING id, account_id, platform_message_id, status
            )
            SELECT i.ord, COALESCE(n.id, m.id) AS id, COALESCE(n.status, m.status) AS status,
                   COALESCE(n.id = i.id, false) AS created
            FROM input i
            LEFT JOIN inserted n ON n.account_id = i.account_id AND n.platform_message_id = i.pmid
            LEFT JOIN messages m ON n.id IS NULL AND m.account_id = i.account_id AND m.platform_message_id = i.pmid
            ORDER BY i.ord
            """;

    private final Pool pool;
    private final GroupedCalls<StoreRequest, StoredMessage> grouped;

    public MessageStore(Pool pool, IngestConfig config, MeterRegistry registry) {
        this.pool = pool;
        DistributionSummary groupSize = DistributionSummary.builder("socialsync.store.group.size")
                .description("Messages stored per INSERT statement (one commit)")
                .register(registry);
        this.grouped = new GroupedCalls<>(config.store().maxInFlight(), config.store().maxBatch(), requests -> {
            groupSize.record(requests.size());
            return execute(requests, true).map(rows -> results(requests, rows));
        });
    }

    /** Stores one message; completes once the statement holding it has committed. */
    public Uni<StoredMessage> store(StoreRequest request) {
        return grouped.call(request);
    }

    private Uni<RowSet<Row>> execute(List<StoreRequest> group, boolean retryDeadlock) {
        return pool.preparedQuery(STORE).execute(parameters(group))
                .onFailure(failure -> retryDeadlock && failure instanceof PgException pg
                        && DEADLOCK.equals(pg.getSqlState()))
                .recoverWithUni(() -> execute(group, false));
    }

    private static Tuple parameters(List<StoreRequest> group) {
        int size = group.size();
        UUID[] accounts = new UUID[size];
        UUID[] tenants = new UUID[size];
        String[] contacts = new String[size];
        String[] names = new String[size];
        UUID[] ids = new UUID[size];
        String[] types = new String[size];
        String[] texts = new String[size];
        String[] mediaIds = new String[size];
        String[] mediaUrls = new String[size];
        String[] mimes = new String[size];
        String[] replyTos = new String[size];
        Integer[] tokens = new Integer[size];
        Boolean[] allowed = new Boolean[size];
        String[] platformIds = new String[size];
        OffsetDateTime[] sentAt = new OffsetDateTime[size];
        String[] details = new String[size];
        String[] statuses = new String[size];
        for (int i = 0; i < size; i++) {
            StoreRequest request = group.get(i);
            var message = request.message();
            accounts[i] = request.account().id();
            tenants[i] = request.account().tenantId();
            contacts[i] = message.contactId();
            names[i] = message.contactName();
            ids[i] = request.id();
            types[i] = message.type().wire();
            texts[i] = message.text();
            mediaIds[i] = message.media() == null ? null : message.media().id();
            mediaUrls[i] = message.media() == null ? null : message.media().url();
            mimes[i] = message.media() == null ? null : message.media().mimeType();
            replyTos[i] = message.replyToId();
            tokens[i] = request.tokenCount();
            allowed[i] = request.planAllowed();
            platformIds[i] = message.platformMessageId();
            sentAt[i] = message.sentAt().atOffset(ZoneOffset.UTC);
            details[i] = request.detail();
            statuses[i] = request.status();
        }
        return Tuple.tuple(List.of(accounts, tenants, contacts, names, ids, types, texts, mediaIds, mediaUrls, mimes,
                replyTos, tokens, allowed, platformIds, sentAt, details, statuses));
    }

    private static List<StoredMessage> results(List<StoreRequest> group, RowSet<Row> rows) {
        StoredMessage[] results = new StoredMessage[group.size()];
        for (Row row : rows) {
            int index = (int) (row.getLong("ord") - 1);
            UUID id = row.getUUID("id");
            if (id == null) {
                // A concurrent redelivery holds the row and had not committed when this statement began; it will
                // enqueue the message.
                results[index] = new StoredMessage(group.get(index).id(), false, false);
            } else {
                results[index] = new StoredMessage(id, row.getBoolean("created"),
                        STATUS_RECEIVED.equals(row.getString("status")));
            }
        }
        for (StoredMessage result : results) {
            if (result == null) {
                throw new IllegalStateException("the store statement returned no row for a message");
            }
        }
        return List.of(results);
    }
}

package io.socialsync.ingest.store;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.socialsync.ingest.config.IngestConfig;
import io.socialsync.reactive.GroupedCalls;
import io.socialsync.ingest.webhook.ContactIdentity;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Stores inbound messages idempotently, grouping concurrent requests into one statement (group commit).
 *
 * <p>
 * Two statements, each one round trip and one implicit transaction, all rows or none:
 * <ul>
 * <li><b>New customers</b> ({@link #UPSERT}): contacts, conversations and messages of a whole group in one
 * statement (CTEs over {@code unnest}ed arrays). Contacts and conversations are upserted, never read then written.
 * The ids they return are cached ({@link ConversationDirectory}).</li>
 * <li><b>Known conversations</b> ({@link #INSERT_KNOWN}), the common case: only the messages are inserted, and
 * {@code last_message_at} moves when a message is newer. Rewriting the contact and conversation rows for every
 * message cost PostgreSQL more than the message itself.</li>
 * </ul>
 * Messages are {@code INSERT … ON CONFLICT DO NOTHING} on {@code (account_id, platform_message_id)}, so a
 * redelivery is stored once. Whether the AI answers (the conversation's {@code ai_enabled} and
 * {@code ai_paused_until}, and {@code thread_owner}: another app may own an Instagram thread) is read from the row by the statement, never from a cache. A message that asks for an
 * answer is stored {@code received} (enqueued), {@code held} while the account is inactive, or
 * {@code awaiting_human} while the AI is off or paused (neither enqueued).
 *
 * <p>
 * Concurrent requests are grouped by {@link GroupedCalls}: up to {@code socialsync.store.max-in-flight} statements
 * of each kind run at once, each storing everything that queued meanwhile (up to {@code max-batch}). A lone request
 * waits for nobody; under load one commit serves many webhooks. Each caller is answered only once the statement
 * holding its row has committed.
 */
@ApplicationScoped
public class MessageStore {

    static final String STATUS_RECEIVED = "received";
    static final String STATUS_IGNORED = "ignored";
    static final String STATUS_HELD = "held";
    private static final String DEADLOCK = "40P01";

    /** The columns both statements take, in this order, after their own leading ones. */
    private static final String MESSAGE_COLUMNS = "id, type, text, media_id, media_url, mime, reply_to, tokens, "
            + "allowed, pmid, sent_at, detail, status";

    /**
     * What became of each input row {@code i}, given {@code inserted n}: the stored id and status, and whether this
     * statement created it. Only a message that was not inserted (a redelivery) is looked up in {@code messages}:
     * COALESCE evaluates its second argument only when needed, where a lateral join probed the index for every row.
     */
    private static final String OUTCOME_COLUMNS = """
            COALESCE(n.id, (SELECT m.id FROM messages m
                                    WHERE m.account_id = i.account_id AND m.platform_message_id = i.pmid)) AS id,
                   COALESCE(n.status, (SELECT m.status FROM messages m
                                       WHERE m.account_id = i.account_id AND m.platform_message_id = i.pmid)) AS status,
                   n.id IS NOT NULL AND n.id = i.id AS created""";

    /**
     * Whether the AI answers the conversation now, read from its row ({@code %s}: the row's alias and a dot, or
     * nothing): not switched off, and not paused by a person's reply.
     */
    private static final String ANSWERS = "(%1$sai_enabled AND (%1$sai_paused_until IS NULL "
            + "OR %1$sai_paused_until <= now()) AND %1$sthread_owner = 'us')";

    /**
     * The stored status and detail of input row {@code i} in conversation {@code %s} (its {@code answers}): a message
     * that would wait for the AI waits for a person instead while the AI is off or paused, so that it reaches the
     * person's view; held, ignored stay what the request says.
     */
    private static final String STATUS_AND_DETAIL = """
            CASE WHEN %1$s.answers OR i.status <> 'received' THEN i.status ELSE 'awaiting_human' END,
                       CASE WHEN %1$s.answers OR i.status <> 'received' THEN i.detail
                            ELSE concat_ws('; ', i.detail, 'ai paused') END""";

    // Rows are locked in a fixed order (contacts by key, conversations by id, messages by platform id), so that two
    // concurrent statements sharing customers wait for each other instead of deadlocking.
    static final String UPSERT = """
            WITH input AS (
                SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::text[],
                                     $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::int[],
                                     $13::bool[], $14::text[], $15::timestamptz[], $16::text[], $17::text[])
                    WITH ORDINALITY AS t(account_id, tenant_id, contact, name, %s, ord)
            ), contact AS (
                INSERT INTO contacts (account_id, platform_contact_id, display_name)
                SELECT DISTINCT ON (account_id, contact) account_id, contact, name FROM input
                ORDER BY account_id, contact, ord DESC
                ON CONFLICT (account_id, platform_contact_id) DO UPDATE
                    SET display_name = COALESCE(EXCLUDED.display_name, contacts.display_name)
                RETURNING id, account_id, platform_contact_id, display_name
            ), conversation AS (
                INSERT INTO conversations (tenant_id, account_id, contact_id, last_message_at)
                SELECT DISTINCT ON (c.id) i.tenant_id, i.account_id, c.id, max(i.sent_at) OVER (PARTITION BY c.id)
                FROM input i JOIN contact c ON c.account_id = i.account_id AND c.platform_contact_id = i.contact
                ORDER BY c.id
                ON CONFLICT (account_id, contact_id) DO UPDATE
                    SET last_message_at = GREATEST(conversations.last_message_at, EXCLUDED.last_message_at)
                RETURNING id, contact_id, %s AS answers
            ), inserted AS (
                INSERT INTO messages (id, conversation_id, account_id, direction, type, text, media_id, media_url,
                                      media_mime_type, reply_to_platform_id, token_count, plan_allowed,
                                      platform_message_id, status, status_detail, sent_at)
                SELECT i.id, v.id, i.account_id, 'inbound', i.type, i.text, i.media_id, i.media_url, i.mime,
                       i.reply_to, i.tokens, i.allowed, i.pmid, %s, i.sent_at
                FROM input i
                JOIN contact c ON c.account_id = i.account_id AND c.platform_contact_id = i.contact
                JOIN conversation v ON v.contact_id = c.id
                ORDER BY i.account_id, i.pmid
                ON CONFLICT (account_id, platform_message_id) DO NOTHING
                RETURNING id, account_id, platform_message_id, status
            )
            SELECT i.ord, %s,
                   v.id AS conversation_id, c.id AS contact_id, c.display_name
            FROM input i
            JOIN contact c ON c.account_id = i.account_id AND c.platform_contact_id = i.contact
            JOIN conversation v ON v.contact_id = c.id
            LEFT JOIN inserted n ON n.account_id = i.account_id AND n.platform_message_id = i.pmid
            ORDER BY i.ord
            """.formatted(MESSAGE_COLUMNS, ANSWERS.formatted(""), STATUS_AND_DETAIL.formatted("v"),
            OUTCOME_COLUMNS);

    // Known conversations are looked up one by one through their primary key (scalar subqueries): a join on the
    // unnested ids let the planner scan the whole table while it was small enough to look cheap. The conversation row
    // is rewritten only when a message is newer than its last_message_at (timestamps are whole seconds), in id order.
    // `known` is false only when a cached conversation no longer exists; the caller then takes the upsert path.
    static final String INSERT_KNOWN = """
            WITH input AS (
                SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[],
                                     $7::text[], $8::text[], $9::text[], $10::int[], $11::bool[], $12::text[],
                                     $13::timestamptz[], $14::text[], $15::text[])
                    WITH ORDINALITY AS t(conversation_id, account_id, %s, ord)
            ), conversation AS (
                SELECT i.*, (SELECT %s FROM conversations v WHERE v.id = i.conversation_id) AS answers
                FROM input i
            ), newer AS (
                SELECT latest.conversation_id, latest.sent_at
                FROM (SELECT conversation_id, max(sent_at) AS sent_at FROM input GROUP BY conversation_id) latest
                WHERE (SELECT v.last_message_at FROM conversations v WHERE v.id = latest.conversation_id)
                      < latest.sent_at
                ORDER BY latest.conversation_id
            ), moved AS (
                UPDATE conversations c SET last_message_at = newer.sent_at
                FROM newer WHERE c.id = newer.conversation_id AND c.last_message_at < newer.sent_at
            ), inserted AS (
                INSERT INTO messages (id, conversation_id, account_id, direction, type, text, media_id, media_url,
                                      media_mime_type, reply_to_platform_id, token_count, plan_allowed,
                                      platform_message_id, status, status_detail, sent_at)
                SELECT i.id, i.conversation_id, i.account_id, 'inbound', i.type, i.text, i.media_id, i.media_url,
                       i.mime, i.reply_to, i.tokens, i.allowed, i.pmid, %s, i.sent_at
                FROM conversation i
                WHERE i.answers IS NOT NULL
                ORDER BY i.account_id, i.pmid
                ON CONFLICT (account_id, platform_message_id) DO NOTHING
                RETURNING id, account_id, platform_message_id, status
            )
            SELECT i.ord, %s, i.answers IS NOT NULL AS known
            FROM conversation i
            LEFT JOIN inserted n ON n.account_id = i.account_id AND n.platform_message_id = i.pmid
            ORDER BY i.ord
            """.formatted(MESSAGE_COLUMNS, ANSWERS.formatted("v."), STATUS_AND_DETAIL.formatted("i"),
            OUTCOME_COLUMNS);

    private final Pool pool;
    private final ConversationDirectory conversations;
    private final ContactIdentities identities;
    private final GroupedCalls<StoreRequest, Upserted> upserts;
    private final GroupedCalls<KnownRequest, StoredMessage> knownInserts;

    public MessageStore(Pool pool, ConversationDirectory conversations, ContactIdentities identities,
            IngestConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.conversations = conversations;
        this.identities = identities;
        DistributionSummary groupSize = DistributionSummary.builder("socialsync.store.group.size")
                .description("Messages stored per INSERT statement (one commit)")
                .register(registry);
        this.upserts = new GroupedCalls<>(config.store().maxInFlight(), config.store().maxBatch(), requests -> {
            groupSize.record(requests.size());
            return execute(UPSERT, upsertParameters(requests), true).map(rows -> upserted(requests, rows));
        });
        this.knownInserts = new GroupedCalls<>(config.store().maxInFlight(), config.store().maxBatch(),
                requests -> {
                    groupSize.record(requests.size());
                    return execute(INSERT_KNOWN, knownParameters(requests), true)
                            .map(rows -> insertedKnown(requests, rows));
                });
    }

    /** Stores one message; completes once the statement holding it has committed. */
    public Uni<StoredMessage> store(StoreRequest request) {
        UUID account = request.account().id();
        String customer = request.message().contactId();
        KnownConversation near = conversations.near(account, customer);
        if (near != null) {
            return storeKnown(request, near);
        }
        return conversations.shared(account, customer)
                .flatMap(shared -> shared == null ? upsert(request) : storeKnown(request, shared));
    }

    private Uni<StoredMessage> storeKnown(StoreRequest request, KnownConversation known) {
        if (!known.keepsName(request.message().contactName())) {
            return upsert(request);
        }
        return knownInserts.call(new KnownRequest(request, known)).flatMap(stored -> {
            if (stored != null) {
                return Uni.createFrom().item(stored);
            }
            // The cached conversation was deleted since: create it again.
            conversations.forget(request.account().id(), request.message().contactId());
            return upsert(request);
        });
    }

    /**
     * Stores the message of a conversation this replica does not know. A customer the platform names by several ids
     * (WhatsApp: number and BSUID) is first resolved to the contact any of them already belongs to, and the ids are
     * recorded on it after; the cache then maps the delivery's id to that conversation.
     */
    private Uni<StoredMessage> upsert(StoreRequest request) {
        ContactIdentity identity = request.message().identity();
        if (identity == null || identity.isOnly(request.message().contactId())) {
            return upsertAs(request, request.message().contactId());
        }
        UUID account = request.account().id();
        return identities.resolve(account, request.message().contactId(), identity)
                .flatMap(key -> upsertAs(request, key)
                        .call(stored -> identities.record(account, key, identity)));
    }

    private Uni<StoredMessage> upsertAs(StoreRequest request, String contactKey) {
        StoreRequest keyed = contactKey.equals(request.message().contactId())
                ? request
                : request.withContact(contactKey);
        return upserts.call(keyed).map(upserted -> {
            conversations.remember(request.account().id(), request.message().contactId(), upserted.conversation());
            return upserted.message();
        });
    }

    /** A message of a conversation this replica knows. */
    private record KnownRequest(StoreRequest request, KnownConversation conversation) {
    }

    /** A message stored by the upsert, with the conversation it belongs to. */
    private record Upserted(StoredMessage message, KnownConversation conversation) {
    }

    private Uni<RowSet<Row>> execute(String statement, Tuple parameters, boolean retryDeadlock) {
        return pool.preparedQuery(statement).execute(parameters)
                .onFailure(failure -> retryDeadlock && failure instanceof PgException pg
                        && DEADLOCK.equals(pg.getSqlState()))
                .recoverWithUni(() -> execute(statement, parameters, false));
    }

    private static Tuple upsertParameters(List<StoreRequest> group) {
        int size = group.size();
        UUID[] accounts = new UUID[size];
        UUID[] tenants = new UUID[size];
        String[] contacts = new String[size];
        String[] names = new String[size];
        for (int i = 0; i < size; i++) {
            StoreRequest request = group.get(i);
            accounts[i] = request.account().id();
            tenants[i] = request.account().tenantId();
            contacts[i] = request.message().contactId();
            names[i] = request.message().contactName();
        }
        return messageColumns(group, accounts, tenants, contacts, names);
    }

    private static Tuple knownParameters(List<KnownRequest> group) {
        int size = group.size();
        UUID[] conversationIds = new UUID[size];
        UUID[] accounts = new UUID[size];
        List<StoreRequest> requests = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            KnownRequest known = group.get(i);
            conversationIds[i] = known.conversation().conversationId();
            accounts[i] = known.request().account().id();
            requests.add(known.request());
        }
        return messageColumns(requests, conversationIds, accounts);
    }

    /** The leading arrays, then one array per column of {@link #MESSAGE_COLUMNS}. */
    private static Tuple messageColumns(List<StoreRequest> group, Object... leading) {
        int size = group.size();
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
            details[i] = request.storedDetail();
            statuses[i] = request.status();
        }
        List<Object> columns = new ArrayList<>(List.of(leading));
        columns.addAll(List.of(ids, types, texts, mediaIds, mediaUrls, mimes, replyTos, tokens, allowed, platformIds,
                sentAt, details, statuses));
        return Tuple.tuple(columns);
    }

    private static List<Upserted> upserted(List<StoreRequest> group, RowSet<Row> rows) {
        Upserted[] results = new Upserted[group.size()];
        for (Row row : rows) {
            int index = (int) (row.getLong("ord") - 1);
            StoreRequest request = group.get(index);
            KnownConversation conversation = new KnownConversation(row.getUUID("conversation_id"),
                    row.getUUID("contact_id"), row.getString("display_name"), request.message().contactId());
            results[index] = new Upserted(stored(request, conversation.contactKey(), row), conversation);
        }
        return complete(results);
    }

    /** One result per request; null where the cached conversation no longer exists. */
    private static List<StoredMessage> insertedKnown(List<KnownRequest> group, RowSet<Row> rows) {
        StoredMessage[] results = new StoredMessage[group.size()];
        boolean[] answered = new boolean[group.size()];
        for (Row row : rows) {
            int index = (int) (row.getLong("ord") - 1);
            answered[index] = true;
            KnownRequest known = group.get(index);
            results[index] = row.getBoolean("known")
                    ? stored(known.request(), known.conversation().keyOr(known.request().message().contactId()), row)
                    : null;
        }
        for (boolean one : answered) {
            if (!one) {
                throw new IllegalStateException("the store statement returned no row for a message");
            }
        }
        return Arrays.asList(results);
    }

    private static StoredMessage stored(StoreRequest request, String contactKey, Row row) {
        UUID id = row.getUUID("id");
        if (id == null) {
            // A concurrent redelivery holds the row and had not committed when this statement began; it will
            // enqueue the message.
            return new StoredMessage(request.id(), false, false, contactKey);
        }
        return new StoredMessage(id, row.getBoolean("created"), STATUS_RECEIVED.equals(row.getString("status")),
                contactKey);
    }

    private static <T> List<T> complete(T[] results) {
        for (T result : results) {
            if (result == null) {
                throw new IllegalStateException("the store statement returned no row for a message");
            }
        }
        return List.of(results);
    }
}

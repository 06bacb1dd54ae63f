package io.socialsync.responder.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.Platform;
import io.socialsync.model.RedisKeys;
import io.socialsync.model.StreamFields;
import io.socialsync.model.UnifiedMessage;
import io.socialsync.responder.platform.limits.OutboundLimiter;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Erases one customer everywhere we keep them: their window, batches, caches and limit keys in Redis, their entries
 * on the inbound stream and the dead letter, then (in one transaction) their messages, escalations, conversation and
 * contact rows. What remains is an {@code erasures} row with counts and no personal data. Redis goes first, so a
 * failure leaves the rows in place and the call can simply be repeated.
 */
@ApplicationScoped
public class ContactErasure {

    private static final int PAGE = 500;

    /** What was removed. */
    public record Erased(UUID erasure, int messages, int redisKeys, int streamEntries) {
    }

    private record Contact(UUID id, UUID tenantId, UUID accountId, Platform platform, String platformAccountId,
            String platformContactId, List<UUID> messageIds) {

        String conversationKey() {
            return RedisKeys.conversation(platform, platformAccountId, platformContactId);
        }
    }

    private final Pool pool;
    private final ReactiveRedisDataSource redis;

    public ContactErasure(Pool pool, ReactiveRedisDataSource redis) {
        this.pool = pool;
        this.redis = redis;
    }

    /**
     * Erases the contact with our id {@code contactId}; empty when there is none (in {@code tenant}, when given).
     */
    public Uni<Optional<Erased>> erase(UUID contactId, Optional<UUID> tenant, String actor) {
        return find(contactId, tenant).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(Optional.<Erased>empty());
            }
            Contact contact = found.get();
            return redisKeys(contact)
                    .flatMap(keys -> streams(contact).flatMap(entries -> rows(contact, actor, keys, entries)
                            .map(erasure -> Optional.of(new Erased(erasure.id(), erasure.messages(), keys, entries)))))
                    .invoke(erased -> Log.infof("erasure %s: tenant %s, %d messages, %d Redis keys, %d stream entries",
                            erased.get().erasure(), contact.tenantId(), erased.get().messages(),
                            erased.get().redisKeys(), erased.get().streamEntries()));
        });
    }

    private Uni<Optional<Contact>> find(UUID contactId, Optional<UUID> tenant) {
        return pool.preparedQuery("""
                SELECT ct.platform_contact_id, a.platform, a.platform_account_id, a.id AS account_id, a.tenant_id,
                       array(SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id
                             WHERE c.contact_id = ct.id) AS message_ids
                FROM contacts ct JOIN social_accounts a ON a.id = ct.account_id
                WHERE ct.id = $1 AND ($2::uuid IS NULL OR a.tenant_id = $2)""")
                .execute(Tuple.of(contactId, tenant.orElse(null))).map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new Contact(contactId, row.getUUID("tenant_id"), row.getUUID("account_id"),
                            Platform.fromWire(row.getString("platform")), row.getString("platform_account_id"),
                            row.getString("platform_contact_id"), List.of(row.getArrayOfUUIDs("message_ids"))));
                });
    }

    /** The conversation's keys (window, batches, markers), its caches, and its members of the deadline sets. */
    private Uni<Integer> redisKeys(Contact contact) {
        String conversation = contact.conversationKey();
        List<String> keys = new ArrayList<>(List.of(conversation,
                RedisKeys.conversationCache(contact.accountId().toString(), contact.platformContactId()),
                RedisKeys.conversationCache(contact.platformAccountId(), contact.platformContactId()),
                RedisKeys.profile(contact.platform(), contact.platformContactId()),
                RedisKeys.recipientTurn(contact.platform(), contact.platformAccountId(),
                        OutboundLimiter.recipientHash(contact.platformContactId()))));
        contact.messageIds().forEach(id -> keys.add(RedisKeys.windowed(id)));
        return scan(glob(conversation) + ":*", "0", keys)
                .flatMap(all -> redis.execute("DEL", all.toArray(String[]::new)).map(Response::toInteger))
                .flatMap(deleted -> members(RedisKeys.DEADLINES, conversation)
                        .flatMap(d -> members(RedisKeys.INFLIGHT, conversation)).replaceWith(deleted));
    }

    /** Keys matching {@code pattern}, by SCAN (never KEYS): a large keyspace is walked in steps. */
    private Uni<List<String>> scan(String pattern, String cursor, List<String> found) {
        return redis.execute("SCAN", cursor, "MATCH", pattern, "COUNT", "1000").flatMap(page -> {
            page.get(1).forEach(key -> found.add(key.toString()));
            String next = page.get(0).toString();
            return "0".equals(next) ? Uni.createFrom().item(found) : scan(pattern, next, found);
        });
    }

    /** Removes the conversation and its batches from a deadline or lease set. */
    private Uni<Void> members(String set, String conversation) {
        return zscan(set, glob(conversation) + "*", "0", new ArrayList<>()).flatMap(members -> {
            List<String> ours = members.stream()
                    .filter(member -> member.equals(conversation) || member.startsWith(conversation + ":")).toList();
            if (ours.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<String> args = new ArrayList<>();
            args.add(set);
            args.addAll(ours);
            return redis.execute("ZREM", args.toArray(String[]::new)).replaceWithVoid();
        });
    }

    private Uni<List<String>> zscan(String set, String pattern, String cursor, List<String> found) {
        return redis.execute("ZSCAN", set, cursor, "MATCH", pattern, "COUNT", "1000").flatMap(page -> {
            Response items = page.get(1);
            for (int i = 0; i < items.size(); i += 2) {
                found.add(items.get(i).toString());
            }
            String next = page.get(0).toString();
            return "0".equals(next) ? Uni.createFrom().item(found) : zscan(set, pattern, next, found);
        });
    }

    /** The customer's entries on the inbound stream and the dead letter. */
    private Uni<Integer> streams(Contact contact) {
        String conversation = contact.conversationKey();
        return entries(RedisKeys.INBOUND_STREAM, fields -> {
            String json = fields.get(StreamFields.MESSAGE);
            if (json == null) {
                return false;
            }
            UnifiedMessage message = JsonCodec.decode(json, UnifiedMessage.class);
            return message.platform() == contact.platform()
                    && message.accountId().equals(contact.platformAccountId())
                    && message.contactId().equals(contact.platformContactId());
        }).flatMap(inbound -> entries(RedisKeys.DEAD_LETTER, fields -> {
            String member = fields.getOrDefault("conversation", "");
            return member.equals(conversation) || member.startsWith(conversation + ":");
        }).map(dead -> inbound + dead));
    }

    private Uni<Integer> entries(String stream, java.util.function.Predicate<Map<String, String>> holds) {
        return page(stream, "-", holds, 0);
    }

    /** Walks the stream a page at a time (XRANGE from after the last id seen) and deletes the matching entries. */
    private Uni<Integer> page(String stream, String from, java.util.function.Predicate<Map<String, String>> holds,
            int deleted) {
        return redis.stream(String.class, String.class, String.class)
                .xrange(stream, StreamRange.of(from, "+"), PAGE).flatMap(messages -> {
                    List<String> ids = messages.stream().filter(m -> holds.test(m.payload()))
                            .map(StreamMessage::id).toList();
                    Uni<Integer> removed = ids.isEmpty()
                            ? Uni.createFrom().item(0)
                            : redis.stream(String.class, String.class, String.class)
                                    .xdel(stream, ids.toArray(String[]::new));
                    return removed.flatMap(count -> messages.size() < PAGE
                            ? Uni.createFrom().item(deleted + count)
                            : page(stream, "(" + messages.get(messages.size() - 1).id(), holds, deleted + count));
                });
    }

    private record Rows(UUID id, int messages) {
    }

    private Uni<Rows> rows(Contact contact, String actor, int keys, int entries) {
        return pool.withTransaction(connection -> connection.preparedQuery(
                """
                        DELETE FROM escalations WHERE conversation_id IN (SELECT id FROM conversations WHERE contact_id = $1)""")
                .execute(Tuple.of(contact.id()))
                .flatMap(e -> connection.preparedQuery(
                        """
                                DELETE FROM messages WHERE conversation_id IN (SELECT id FROM conversations WHERE contact_id = $1)""")
                        .execute(Tuple.of(contact.id())))
                .flatMap(messages -> connection.preparedQuery("DELETE FROM conversations WHERE contact_id = $1")
                        .execute(Tuple.of(contact.id()))
                        .flatMap(c -> connection.preparedQuery("DELETE FROM contacts WHERE id = $1")
                                .execute(Tuple.of(contact.id())))
                        .flatMap(c -> connection.preparedQuery("""
                                INSERT INTO erasures (tenant_id, platform, actor, messages_deleted, redis_keys_deleted,
                                                      stream_entries_deleted)
                                VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""")
                                .execute(Tuple.from(new Object[]{contact.tenantId(), contact.platform().wire(), actor,
                                        messages.rowCount(), keys, entries})))
                        .map(inserted -> new Rows(inserted.iterator().next().getUUID(0), messages.rowCount()))));
    }

    /** {@code value} as a SCAN/ZSCAN pattern that matches only itself. */
    private static String glob(String value) {
        return value.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }
}

package io.socialsync.ingest.store;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import io.socialsync.ingest.config.IngestConfig;
import io.socialsync.model.JsonCodec;
import io.socialsync.model.RedisKeys;

/**
 * The conversation cache of DESIGN §3, {@code conversation:{social_account_id}:{customer_id}} for 1 h, with a
 * bounded copy in this replica in front of it. A customer's first message creates the contact and conversation
 * rows ({@code INSERT … ON CONFLICT}); the ids it returns are cached, so that each later message is a plain insert
 * into {@code messages} instead of two more upserts that rewrite both rows. The ids never change; the cached name
 * is compared with the one a delivery carries, and a new name takes the upsert path again. A change of the
 * conversation row ({@code ai_enabled}, status) evicts the key (trigger → {@code NOTIFY} → {@code CacheInvalidation}).
 * Nothing here decides whether the AI answers: that is read from the row by the statement that stores the message.
 */
@ApplicationScoped
public class ConversationDirectory {

    private final Cache<String, KnownConversation> near;
    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;
    private final SetArgs expiry;

    public ConversationDirectory(ReactiveRedisDataSource redis, IngestConfig config) {
        this.near = Caffeine.newBuilder()
                .maximumSize(config.cache().conversationsPerReplica())
                .expireAfterWrite(config.cache().ttl())
                .build();
        this.values = redis.value(String.class, String.class);
        this.keys = redis.key(String.class);
        this.expiry = new SetArgs().px(config.cache().ttl());
    }

    /** This replica's copy, or null; costs no I/O, so the common case needs no extra round trip. */
    KnownConversation near(UUID accountId, String customerId) {
        return near.getIfPresent(RedisKeys.conversationCache(accountId.toString(), customerId));
    }

    /** The shared copy in Redis, or null when there is none or Redis cannot say (the upsert path is always safe). */
    Uni<KnownConversation> shared(UUID accountId, String customerId) {
        String key = RedisKeys.conversationCache(accountId.toString(), customerId);
        return values.get(key)
                .map(cached -> cached == null ? null : JsonCodec.decode(cached, KnownConversation.class))
                .invoke(found -> {
                    if (found != null) {
                        near.put(key, found);
                    }
                })
                .onFailure().invoke(failure -> Log.debugf("conversation cache unavailable: %s", failure.toString()))
                .onFailure().recoverWithNull();
    }

    /** Caches what an upsert returned, here and (without waiting) in Redis. */
    void remember(UUID accountId, String customerId, KnownConversation conversation) {
        String key = RedisKeys.conversationCache(accountId.toString(), customerId);
        if (conversation.equals(near.getIfPresent(key))) {
            return;
        }
        near.put(key, conversation);
        values.set(key, JsonCodec.encode(conversation), expiry).subscribe().with(done -> {
        }, failure -> Log.debugf("conversation not cached: %s", failure.toString()));
    }

    /** Drops this replica's copy; called with every invalidation notice, and when a cached row has disappeared. */
    public void forget(String key) {
        near.invalidate(key);
    }

    void forget(UUID accountId, String customerId) {
        String key = RedisKeys.conversationCache(accountId.toString(), customerId);
        forget(key);
        keys.del(key).subscribe().with(done -> {
        }, failure -> Log.debugf("conversation cache key not evicted: %s", failure.toString()));
    }
}

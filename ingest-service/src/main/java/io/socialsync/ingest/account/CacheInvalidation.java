package io.socialsync.ingest.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.socialsync.ingest.config.IngestConfig;
import io.socialsync.ingest.store.ConversationDirectory;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Evicts cached rows when PostgreSQL says they changed. Triggers (migration V2) {@code NOTIFY socialsync_cache} with
 * the cache key of each changed row at commit; this replica {@code LISTEN}s on a connection of its own and deletes
 * the key. Every replica listens, so each evicts (a {@code DEL} of a missing key costs nothing). The subscriber
 * reconnects by itself; a notice lost meanwhile is covered by the TTL.
 */
@ApplicationScoped
public class CacheInvalidation {

    public static final String CHANNEL = "socialsync_cache";

    private final Vertx vertx;
    private final AccountDirectory accounts;
    private final ConversationDirectory conversations;
    private final ReactiveKeyCommands<String> keys;
    private final IngestConfig config;
    private final String url;
    private final String username;
    private final java.util.Optional<String> password;
    private PgSubscriber subscriber;

    public CacheInvalidation(Vertx vertx, AccountDirectory accounts, ConversationDirectory conversations,
            ReactiveRedisDataSource redis,
            IngestConfig config,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String username,
            @ConfigProperty(name = "quarkus.datasource.password") java.util.Optional<String> password) {
        this.vertx = vertx;
        this.accounts = accounts;
        this.conversations = conversations;
        this.keys = redis.key(String.class);
        this.config = config;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.cache().listen()) {
            return;
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:")
                ? url.substring("vertx-reactive:".length())
                : url).setUser(username);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> 1_000L);
        subscriber.channel(CHANNEL).handler(this::evict);
        // Start-up may block: a replica serving from a cache it cannot invalidate would serve stale plans.
        subscriber.connect().await().atMost(java.time.Duration.ofSeconds(30));
        Log.infof("listening for cache invalidations on %s", CHANNEL);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    private void evict(String key) {
        accounts.forget(key);
        conversations.forget(key);
        keys.del(key).subscribe().with(deleted -> {
        }, failure -> Log.warnf("cache key not evicted: %s", failure.toString()));
    }
}

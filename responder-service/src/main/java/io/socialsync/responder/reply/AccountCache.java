package io.socialsync.responder.reply;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.model.RedisKeys;
import io.socialsync.responder.config.ResponderConfig;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;

/**
 * The accounts replies go out on, kept in this replica for {@code socialsync.reply.account-cache-ttl}: every batch
 * needs its account, and reading the row each time was one PostgreSQL round trip per reply. Any change of an account
 * row (token, state, flag) evicts it at once: PostgreSQL's triggers announce {@code credentials:{platform}:{id}} on
 * {@code socialsync_cache} (migration V2) and this replica listens. An account never registered is not kept.
 */
@ApplicationScoped
public class AccountCache {

    private static final String CHANNEL = "socialsync_cache";

    private final ConversationStore store;
    private final Vertx vertx;
    private final long ttlNanos;
    private final String url;
    private final String username;
    private final Optional<String> password;
    private final Map<String, Entry> accounts = new ConcurrentHashMap<>();
    /** Counts notices, so that a read overtaken by one is not kept. */
    private final AtomicLong evictions = new AtomicLong();
    private PgSubscriber subscriber;

    private record Entry(AccountCredentials account, long expiresAt) {
    }

    public AccountCache(ConversationStore store, Vertx vertx, ResponderConfig config,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.store = store;
        this.vertx = vertx;
        this.ttlNanos = config.reply().accountCacheTtl().toNanos();
        this.url = url;
        this.username = username;
        this.password = password;
    }

    void onStart(@Observes StartupEvent event) {
        if (ttlNanos <= 0) {
            return;
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:")
                ? url.substring("vertx-reactive:".length())
                : url).setUser(username);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1_000L);
        // Each (re)subscription starts empty: a notice sent while the connection was down is lost.
        subscriber.channel(CHANNEL).handler(this::evict).subscribeHandler(accounts::clear);
        subscriber.connect().await().atMost(Duration.ofSeconds(30));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    /** The account with this platform id, active or not; empty when never registered. */
    public Uni<Optional<AccountCredentials>> find(Platform platform, String platformAccountId) {
        if (subscriber == null || subscriber.closed()) {
            return store.account(platform, platformAccountId);
        }
        String key = RedisKeys.credentials(platform, platformAccountId);
        Entry kept = accounts.get(key);
        if (kept != null && kept.expiresAt() - System.nanoTime() > 0) {
            return Uni.createFrom().item(Optional.of(kept.account()));
        }
        long evictionsBefore = evictions.get();
        return store.account(platform, platformAccountId).invoke(found -> {
            // A row read before a change but returned after its notice would be kept stale: not kept then.
            if (found.isPresent() && evictions.get() == evictionsBefore) {
                accounts.put(key, new Entry(found.get(), System.nanoTime() + ttlNanos));
            }
        });
    }

    private void evict(String key) {
        evictions.incrementAndGet();
        accounts.remove(key);
    }
}

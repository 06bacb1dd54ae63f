package io.socialsync.ingest.platform.instagram;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import io.socialsync.crypto.TokenCipher;
import io.socialsync.ingest.config.IngestConfig;
import io.socialsync.model.Platform;
import io.socialsync.model.RedisKeys;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The names of Instagram customers. Instagram deliveries carry only the sender's id (IGSID), so the Graph API is asked
 * for the name of a customer whose contact has none, and the name is filled in; one the contact already has (an
 * operator's) is never overwritten. {@code instagram_profile:{igsid}} (DESIGN §3) remembers the name for the cache TTL,
 * so that a customer's every message costs one Redis read, not a query or a Graph call. Replacing a contact's name
 * evicts the key (triggers V2, V7).
 *
 * <p>
 * Always off the request path: the webhook is answered once its messages are stored and enqueued, whatever the Graph
 * API does. A failed lookup costs only the name, and the customer's next message asks again.
 */
@ApplicationScoped
public class InstagramProfiles {

    /** What became of one lookup, the {@code outcome} tag of {@code socialsync_profile_lookups_total}. */
    enum Outcome {
        /** Asked before, within the TTL. */
        CACHED,
        /** The contact has a name already: nothing to ask. */
        NAMED,
        /** Asked of the Graph API now. */
        FETCHED,
        /** The account has no access token to ask with. */
        NO_TOKEN,
        /** The Graph API, Redis or PostgreSQL failed; the next message asks again. */
        FAILED
    }

    private static final String CONTACT = """
            SELECT a.platform_account_id, a.access_token, c.display_name
            FROM social_accounts a LEFT JOIN contacts c ON c.account_id = a.id AND c.platform_contact_id = $2
            WHERE a.id = $1
            """;
    // Fills a missing name only; filling one evicts nothing (V7), so the key written next stays.
    private static final String NAME = """
            UPDATE contacts SET display_name = $3, updated_at = now()
            WHERE account_id = $1 AND platform_contact_id = $2 AND display_name IS NULL
            """;

    private final InstagramProfileClient graph;
    private final ReactiveValueCommands<String, String> values;
    private final Pool pool;
    private final TokenCipher tokens;
    private final long ttlSeconds;
    private final Map<Outcome, Counter> lookups = new EnumMap<>(Outcome.class);
    /** Customers being looked up by this replica: a new customer's burst asks once. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public InstagramProfiles(InstagramProfileClient graph, ReactiveRedisDataSource redis, Pool pool,
            TokenCipher tokens, IngestConfig config, MeterRegistry registry) {
        this.tokens = tokens;
        this.graph = graph;
        this.values = redis.value(String.class);
        this.pool = pool;
        this.ttlSeconds = config.cache().ttl().toSeconds();
        for (Outcome outcome : Outcome.values()) {
            lookups.put(outcome, Counter.builder("socialsync.profile.lookups")
                    .description("Customer profile lookups by platform and outcome")
                    .tag("platform", Platform.INSTAGRAM.wire())
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
    }

    /** Starts learning the customer's name unless it was asked within the TTL; returns at once. */
    public void learnInBackground(UUID accountId, String igsid) {
        if (!inFlight.add(igsid)) {
            return;
        }
        learn(accountId, igsid).eventually(() -> inFlight.remove(igsid)).subscribe().with(
                outcome -> lookups.get(outcome).increment(),
                failure -> {
                    lookups.get(Outcome.FAILED).increment();
                    // The failure's message names the endpoint and status, never the token (sent as a header).
                    Log.warnf("instagram profile lookup failed: %s", failure.toString());
                });
    }

    Uni<Outcome> learn(UUID accountId, String igsid) {
        String key = RedisKeys.profile(Platform.INSTAGRAM, igsid);
        return values.get(key).flatMap(cached -> cached != null
                ? Uni.createFrom().item(Outcome.CACHED)
                : pool.preparedQuery(CONTACT).execute(Tuple.of(accountId, igsid)).flatMap(rows -> {
                    Row row = rows.size() == 0 ? null : rows.iterator().next();
                    // Stored sealed (token-crypto): opened only for the call that needs it.
                    String token = row == null
                            ? null
                            : tokens.open(Platform.INSTAGRAM, row.getString("platform_account_id"),
                                    row.getString("access_token"));
                    String known = row == null ? null : row.getString("display_name");
                    if (known != null) {
                        return remember(key, Optional.of(known)).replaceWith(Outcome.NAMED);
                    }
                    if (token == null || token.isBlank()) {
                        return Uni.createFrom().item(Outcome.NO_TOKEN);
                    }
                    return graph.displayName(igsid, token)
                            .call(name -> name.isEmpty()
                                    ? Uni.createFrom().voidItem()
                                    : pool.preparedQuery(NAME).execute(Tuple.of(accountId, igsid, name.get())))
                            .call(name -> remember(key, name))
                            .replaceWith(Outcome.FETCHED);
                }));
    }

    /** The answer, even "no name" (the customer's privacy settings): asked once per TTL either way. */
    private Uni<Void> remember(String key, Optional<String> name) {
        return values.setex(key, ttlSeconds, new JsonObject().put("name", name.orElse(null)).encode());
    }
}

package io.socialsync.ingest.account;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.socialsync.crypto.SealedToken;
import io.socialsync.crypto.TokenCipher;
import io.smallrye.mutiny.Uni;
import io.socialsync.ingest.config.IngestConfig;
import io.socialsync.model.Platform;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Upserts the accounts the environment names for each platform (asked of every {@link EnvironmentAccountSource}:
 * {@code WHATSAPP_ACCOUNT_ID} + {@code WHATSAPP_ACCESS_TOKEN}, …) into the bootstrap tenant at start, so that a single-business deployment needs no admin call. A new tenant starts with
 * its plan's monthly credits.
 */
@ApplicationScoped
public class BootstrapAccounts {

    private final Pool pool;
    private final IngestConfig config;
    private final TokenCipher tokens;
    private final List<EnvironmentAccount> environmentAccounts;

    public BootstrapAccounts(Pool pool, IngestConfig config, TokenCipher tokens,
            Instance<EnvironmentAccountSource> sources) {
        this.pool = pool;
        this.config = config;
        this.tokens = tokens;
        this.environmentAccounts = sources.stream().map(EnvironmentAccountSource::environmentAccount)
                .flatMap(Optional::stream).sorted(Comparator.comparing(EnvironmentAccount::platform)).toList();
    }

    void onStart(@Observes StartupEvent event) {
        // Start-up may block: the service must not take webhooks for an account it cannot resolve.
        Uni<Void> all = Uni.createFrom().voidItem();
        for (EnvironmentAccount account : environmentAccounts) {
            all = all.flatMap(done -> upsert(account));
        }
        all.await().indefinitely();
    }

    Uni<Void> upsert(EnvironmentAccount account) {
        Platform platform = account.platform();
        Optional<String> accountId = Optional.of(account.accountId());
        // The token is stored sealed, never in plain text (token-crypto).
        Optional<SealedToken> sealed = account.accessToken()
                .map(token -> tokens.seal(platform, accountId.get(), token));
        return pool.withTransaction(connection -> connection.preparedQuery("""
                INSERT INTO tenants (slug, name, plan_code, credit_balance)
                SELECT $1, $1, code, monthly_credits FROM plans WHERE code = $2
                ON CONFLICT (slug) DO UPDATE SET updated_at = now()
                RETURNING id
                """).execute(Tuple.of(config.bootstrap().tenant(), config.bootstrap().plan()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new IllegalStateException("unknown plan '" + config.bootstrap().plan()
                                + "' (SOCIALSYNC_DEFAULT_PLAN)");
                    }
                    return rows.iterator().next().getUUID("id");
                })
                .flatMap(tenantId -> connection.preparedQuery("""
                        INSERT INTO social_accounts (tenant_id, platform, platform_account_id, access_token,
                                                     token_key_id)
                        VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT (platform, platform_account_id) DO UPDATE
                            SET access_token = COALESCE(EXCLUDED.access_token, social_accounts.access_token),
                                token_key_id = CASE WHEN EXCLUDED.access_token IS NULL THEN social_accounts.token_key_id
                                                    ELSE EXCLUDED.token_key_id END,
                                active = true, flagged_reason = NULL, updated_at = now()
                        """).execute(Tuple.of(tenantId, platform.wire(), accountId.get(),
                        sealed.map(SealedToken::value).orElse(null), sealed.map(SealedToken::keyId).orElse(null)))))
                .invoke(() -> Log.infof("bootstrap %s account %s ready in tenant '%s'", platform.wire(),
                        accountId.get(), config.bootstrap().tenant()))
                .replaceWithVoid();
    }
}

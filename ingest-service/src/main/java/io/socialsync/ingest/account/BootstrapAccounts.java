package io.socialsync.ingest.account;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

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
 * Upserts the accounts given in the environment ({@code WHATSAPP_ACCOUNT_ID} + {@code WHATSAPP_ACCESS_TOKEN}, {@code INSTAGRAM_ACCOUNT_ID} + {@code INSTAGRAM_ACCESS_TOKEN}) into
 * the bootstrap tenant at start, so that a single-business deployment needs no admin call. A new tenant starts with
 * its plan's monthly credits.
 */
@ApplicationScoped
public class BootstrapAccounts {

    private final Pool pool;
    private final IngestConfig config;
    private final TokenCipher tokens;

    public BootstrapAccounts(Pool pool, IngestConfig config, TokenCipher tokens) {
        this.pool = pool;
        this.config = config;
        this.tokens = tokens;
    }

    void onStart(@Observes StartupEvent event) {
        // Start-up may block: the service must not take webhooks for an account it cannot resolve.
        upsert(Platform.WHATSAPP, config.whatsapp().accountId(), config.whatsapp().accessToken())
                .flatMap(done -> upsert(Platform.INSTAGRAM, config.instagram().accountId(),
                        config.instagram().accessToken()))
                .await().indefinitely();
    }

    Uni<Void> upsert(Platform platform, Optional<String> accountId, Optional<String> accessToken) {
        if (accountId.isEmpty() || accountId.get().isBlank()) {
            return Uni.createFrom().voidItem();
        }
        // The token is stored sealed, never in plain text (token-crypto).
        Optional<SealedToken> sealed = accessToken.filter(token -> !token.isBlank())
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

package io.socialsync.responder.account;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.socialsync.crypto.SealedToken;
import io.socialsync.crypto.TokenCipher;
import io.socialsync.crypto.TokenUnreadableException;
import io.socialsync.model.Platform;
import io.socialsync.responder.platform.AccountAdapter;
import io.socialsync.responder.platform.AccountAdapter.CredentialsCheck;
import io.socialsync.responder.platform.AccountAdapter.WebhookSubscription;
import io.socialsync.responder.platform.AccountAdapters;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Business accounts as tenants connect them: every token is checked with the platform before it is stored, stored
 * sealed, and never returned. An account's state is the pipeline's own columns ({@link AccountState}): reactivating
 * is {@code active = true, flagged_reason = NULL}, so the messages held meanwhile are answered once it is active.
 * {@code tenant} empty means the operator acting on any tenant.
 */
@ApplicationScoped
public class Accounts {

    private static final String COLUMNS = """
            a.id, a.tenant_id, t.slug, a.platform, a.platform_account_id, a.display_name, a.waba_id, a.token_key_id,
            a.active, a.flagged_reason, a.checked_at, a.created_at, a.updated_at, a.platform_status,
            a.platform_status_detail, a.platform_status_at""";
    private static final String FIND = "SELECT " + COLUMNS + ", a.access_token FROM social_accounts a "
            + "JOIN tenants t ON t.id = a.tenant_id WHERE a.id = $1 AND ($2::uuid IS NULL OR a.tenant_id = $2)";
    private static final String LIST = "SELECT " + COLUMNS + " FROM social_accounts a "
            + "JOIN tenants t ON t.id = a.tenant_id WHERE ($1::uuid IS NULL OR a.tenant_id = $1) "
            + "ORDER BY a.created_at, a.id";
    /** Same tenant: a reconnect (new token, active again). Another tenant's account: no row, refused. */
    private static final String CONNECT = """
            WITH upserted AS (
                INSERT INTO social_accounts (tenant_id, platform, platform_account_id, display_name, access_token,
                                             token_key_id, waba_id, active, flagged_reason, checked_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, true, NULL, now())
                ON CONFLICT (platform, platform_account_id) DO UPDATE
                    SET display_name = EXCLUDED.display_name, access_token = EXCLUDED.access_token,
                        token_key_id = EXCLUDED.token_key_id,
                        waba_id = COALESCE(EXCLUDED.waba_id, social_accounts.waba_id),
                        active = true, flagged_reason = NULL, checked_at = now(), updated_at = now()
                    WHERE social_accounts.tenant_id = EXCLUDED.tenant_id
                RETURNING *, (xmax = 0) AS created
            )
            SELECT a.id, a.tenant_id, t.slug, a.platform, a.platform_account_id, a.display_name, a.waba_id,
                   a.token_key_id, a.active, a.flagged_reason, a.checked_at, a.created_at, a.updated_at,
                   a.platform_status, a.platform_status_detail, a.platform_status_at, a.created
            FROM upserted a JOIN tenants t ON t.id = a.tenant_id""";
    /** A new token: a needs_reconnect account is active again; one deactivated on purpose stays inactive. */
    private static final String NEW_TOKEN = """
            UPDATE social_accounts SET access_token = $2, token_key_id = $3, display_name = COALESCE($4, display_name),
                   active = active OR flagged_reason IS NOT NULL, flagged_reason = NULL, checked_at = now(),
                   updated_at = now()
            WHERE id = $1""";
    private static final String SET_STATE = """
            UPDATE social_accounts SET active = $2, flagged_reason = $3, updated_at = now() WHERE id = $1""";
    /** After a check: the platform's verdict, except that a deliberately inactive account stays inactive. */
    private static final String CHECKED = """
            UPDATE social_accounts SET checked_at = now(), updated_at = now(),
                   active = CASE WHEN NOT active AND flagged_reason IS NULL THEN false ELSE $2 END,
                   flagged_reason = CASE WHEN NOT active AND flagged_reason IS NULL THEN NULL ELSE $3 END
            WHERE id = $1""";

    private final Pool pool;
    private final AccountAdapters adapters;
    private final TokenCipher tokens;

    public Accounts(Pool pool, AccountAdapters adapters, TokenCipher tokens) {
        this.pool = pool;
        this.adapters = adapters;
        this.tokens = tokens;
    }

    /** A connected account, with what became of the webhook subscription. */
    public record Connected(AccountView account, boolean created, WebhookSubscription webhooks) {
    }

    /** An account after a check, with the platform's verdict. */
    public record Checked(AccountView account, boolean valid, String reason) {
    }

    public Uni<Connected> connect(UUID tenant, Platform platform, String platformAccountId, String accessToken,
            Optional<String> wabaId) {
        AccountAdapter adapter = adapter(platform);
        return adapter.validateCredentials(platformAccountId, accessToken).map(Accounts::requireValid)
                .flatMap(check -> {
                    SealedToken sealed = tokens.seal(platform, platformAccountId, accessToken);
                    return pool.preparedQuery(CONNECT).execute(Tuple.from(new Object[]{tenant, platform.wire(),
                            platformAccountId, check.displayName(), sealed.value(), sealed.keyId(),
                            wabaId.orElse(null)}));
                })
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw AccountProblem.heldByAnotherTenant();
                    }
                    Row row = rows.iterator().next();
                    return new Connected(view(row), row.getBoolean("created"), null);
                })
                .flatMap(connected -> adapter.subscribeWebhooks(platformAccountId, wabaId, accessToken)
                        .map(webhooks -> new Connected(connected.account(), connected.created(), webhooks)));
    }

    public Uni<List<AccountView>> list(Optional<UUID> tenant) {
        return pool.preparedQuery(LIST).execute(Tuple.of(tenant.orElse(null))).map(rows -> {
            List<AccountView> accounts = new ArrayList<>(rows.size());
            rows.forEach(row -> accounts.add(view(row)));
            return accounts;
        });
    }

    public Uni<AccountView> get(Optional<UUID> tenant, UUID id) {
        return find(tenant, id).map(Accounts::view);
    }

    /** Checks the new token first; a refused one changes nothing. */
    public Uni<AccountView> updateToken(Optional<UUID> tenant, UUID id, String accessToken) {
        return find(tenant, id).flatMap(row -> {
            Platform platform = Platform.fromWire(row.getString("platform"));
            String accountId = row.getString("platform_account_id");
            return adapter(platform).validateCredentials(accountId, accessToken).map(Accounts::requireValid)
                    .flatMap(check -> {
                        SealedToken sealed = tokens.seal(platform, accountId, accessToken);
                        return pool.preparedQuery(NEW_TOKEN)
                                .execute(Tuple.of(id, sealed.value(), sealed.keyId(), check.displayName()));
                    });
        }).flatMap(done -> get(tenant, id));
    }

    public Uni<AccountView> deactivate(Optional<UUID> tenant, UUID id) {
        return find(tenant, id).flatMap(row -> pool.preparedQuery(SET_STATE).execute(Tuple.of(id, false, null)))
                .flatMap(done -> get(tenant, id));
    }

    /** Activates again with the stored token, after checking it (a refused token leaves it needing a reconnect). */
    public Uni<AccountView> activate(Optional<UUID> tenant, UUID id) {
        return checkStored(tenant, id).flatMap(row -> {
            CredentialsCheck check = row.check();
            if (check.outcome() == CredentialsCheck.Outcome.REJECTED) {
                return pool.preparedQuery(SET_STATE).execute(Tuple.of(id, false, check.reason()))
                        .flatMap(done -> Uni.createFrom()
                                .<Void>failure(AccountProblem.credentialsRejected(check.reason())));
            }
            return pool.preparedQuery(SET_STATE).execute(Tuple.of(id, true, null)).replaceWithVoid();
        }).flatMap(done -> get(tenant, id));
    }

    /**
     * Asks the platform whether the stored token still works, and records the answer: rejected → needs_reconnect
     * with the platform's reason; valid → active again after a needs_reconnect. An account deactivated on purpose
     * stays inactive either way.
     */
    public Uni<Checked> check(Optional<UUID> tenant, UUID id) {
        return checkStored(tenant, id).flatMap(stored -> {
            boolean valid = stored.check().outcome() == CredentialsCheck.Outcome.VALID;
            return pool.preparedQuery(CHECKED).execute(Tuple.of(id, valid, valid ? null : stored.check().reason()))
                    .flatMap(done -> get(tenant, id))
                    .map(view -> new Checked(view, valid, stored.check().reason()));
        });
    }

    /** Deletes an account that has no conversations; one with history can only be deactivated (409). */
    public Uni<Void> delete(Optional<UUID> tenant, UUID id) {
        return find(tenant, id)
                .flatMap(row -> pool.preparedQuery("DELETE FROM social_accounts WHERE id = $1").execute(Tuple.of(id)))
                .onFailure(Accounts::isForeignKeyViolation).transform(failure -> AccountProblem.inUse())
                .replaceWithVoid();
    }

    private record StoredCheck(Row row, CredentialsCheck check) {
    }

    private Uni<StoredCheck> checkStored(Optional<UUID> tenant, UUID id) {
        return find(tenant, id).flatMap(row -> {
            Platform platform = Platform.fromWire(row.getString("platform"));
            String accountId = row.getString("platform_account_id");
            String token;
            try {
                token = tokens.open(platform, accountId, row.getString("access_token"));
            } catch (TokenUnreadableException e) {
                Log.warnf("account %s: %s", id, e.getMessage());
                return Uni.createFrom().item(new StoredCheck(row, CredentialsCheck.rejected(
                        "the stored token cannot be decrypted (" + e.getMessage() + "): set a new token")));
            }
            if (token == null || token.isBlank()) {
                return Uni.createFrom()
                        .item(new StoredCheck(row, CredentialsCheck.rejected("no token stored: set a token")));
            }
            return adapter(platform).validateCredentials(accountId, token).map(check -> {
                if (check.outcome() == CredentialsCheck.Outcome.UNAVAILABLE) {
                    throw AccountProblem.platformUnavailable(check.reason());
                }
                return new StoredCheck(row, check);
            });
        });
    }

    private Uni<Row> find(Optional<UUID> tenant, UUID id) {
        return pool.preparedQuery(FIND).execute(Tuple.of(id, tenant.orElse(null))).map(rows -> first(rows)
                .orElseThrow(AccountProblem::notFound));
    }

    private AccountAdapter adapter(Platform platform) {
        return adapters.of(platform).orElseThrow(() -> AccountProblem.unsupported(platform.wire()));
    }

    private static CredentialsCheck requireValid(CredentialsCheck check) {
        return switch (check.outcome()) {
            case VALID -> check;
            case REJECTED -> throw AccountProblem.credentialsRejected(check.reason());
            case UNAVAILABLE -> throw AccountProblem.platformUnavailable(check.reason());
        };
    }

    private static boolean isForeignKeyViolation(Throwable failure) {
        return failure instanceof PgException pg && "23503".equals(pg.getSqlState());
    }

    private static Optional<Row> first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(iterator.next()) : Optional.empty();
    }

    private static AccountView view(Row row) {
        boolean active = row.getBoolean("active");
        String flagged = row.getString("flagged_reason");
        AccountState state = AccountState.of(active, flagged);
        return new AccountView(row.getUUID("id"), row.getUUID("tenant_id"), row.getString("slug"),
                row.getString("platform"), row.getString("platform_account_id"), row.getString("display_name"),
                row.getString("waba_id"), state, state == AccountState.NEEDS_RECONNECT ? flagged : null,
                row.getString("token_key_id"), row.getOffsetDateTime("checked_at"), row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"), row.getString("platform_status"),
                row.getString("platform_status_detail"), row.getOffsetDateTime("platform_status_at"));
    }
}

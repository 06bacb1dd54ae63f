package io.socialsync.ingest.account;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Finds the active account a delivery was sent to. */
@ApplicationScoped
public class AccountDirectory {

    private final Pool pool;

    public AccountDirectory(Pool pool) {
        this.pool = pool;
    }

    /** The active account with this platform id, or empty when we do not serve it. */
    public Uni<Optional<Account>> find(Platform platform, String platformAccountId) {
        return pool.preparedQuery("""
                SELECT id, tenant_id FROM social_accounts
                WHERE platform = $1 AND platform_account_id = $2 AND active
                """)
                .execute(Tuple.of(platform.wire(), platformAccountId))
                .map(AccountDirectory::first);
    }

    private static Optional<Account> first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        if (!iterator.hasNext()) {
            return Optional.empty();
        }
        Row row = iterator.next();
        return Optional.of(new Account(row.getUUID("id"), row.getUUID("tenant_id")));
    }
}

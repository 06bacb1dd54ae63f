package io.socialsync.ingest.store;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.socialsync.ingest.account.Account;
import io.socialsync.ingest.webhook.StatusUpdate;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Applies news about stored messages. A status moves one of our replies forward only ({@code sent → delivered →
 * read}, or {@code failed} from any of them): Meta does not promise order, so a late {@code delivered} never undoes a
 * {@code read}. A deletion marks the customer's message, and one not yet answered is no longer waiting.
 */
@ApplicationScoped
public class StatusStore {

    private static final String ADVANCE = """
            UPDATE messages SET status = $3, status_detail = COALESCE($4, status_detail), updated_at = now()
            WHERE account_id = $1 AND platform_message_id = $2 AND direction = 'outbound'
              AND (CASE status WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'failed' THEN 4
                               ELSE 0 END)
                < (CASE $3::text WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'failed' THEN 4
                                 ELSE 0 END)
            """;

    private static final String DELETED = """
            UPDATE messages
            SET status = CASE WHEN status = 'received' THEN 'ignored' ELSE status END,
                status_detail = concat_ws('; ', status_detail, 'deleted by customer'), updated_at = now()
            WHERE account_id = $1 AND platform_message_id = $2 AND direction = 'inbound'
              AND (status_detail IS NULL OR status_detail NOT LIKE '%deleted by customer')
            """;

    private final Pool pool;

    public StatusStore(Pool pool) {
        this.pool = pool;
    }

    /** @return whether a stored message took the news (false: unknown message, or news older than what we know) */
    public Uni<Boolean> apply(Account account, StatusUpdate update) {
        Uni<Integer> changed = StatusUpdate.DELETED.equals(update.status())
                ? pool.preparedQuery(DELETED).execute(Tuple.of(account.id(), update.platformMessageId()))
                        .map(rows -> rows.rowCount())
                : pool.preparedQuery(ADVANCE)
                        .execute(Tuple.of(account.id(), update.platformMessageId(), update.status(), update.detail()))
                        .map(rows -> rows.rowCount());
        return changed.map(count -> count > 0);
    }
}

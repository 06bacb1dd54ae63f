package io.socialsync.responder.platform.telegram;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Records that a Telegram chat refused the bot for good (403: blocked by the user), on the contact. */
@ApplicationScoped
public class TelegramContacts {

    private final Pool pool;

    public TelegramContacts(Pool pool) {
        this.pool = pool;
    }

    /** Never fails: the send's outcome is what matters; the mark only tells people and later sends. */
    public Uni<Void> markUnreachable(UUID accountId, String contactId) {
        return pool.preparedQuery("""
                UPDATE contacts SET unreachable_at = now(), updated_at = now()
                WHERE account_id = $1 AND platform_contact_id = $2 AND unreachable_at IS NULL""")
                .execute(Tuple.of(accountId, contactId)).replaceWithVoid()
                .onFailure().invoke(failure -> Log.warnf("telegram contact not marked unreachable: %s",
                        failure.toString()))
                .onFailure().recoverWithNull();
    }
}

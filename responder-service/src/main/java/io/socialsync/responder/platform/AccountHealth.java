package io.socialsync.responder.platform;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Takes an account out of service when its platform rejects its access token (Graph error 190): replies on it
 * would all fail until the business connects it again. The account is deactivated with the reason in
 * {@code social_accounts.flagged_reason}; the responder skips inactive accounts.
 */
// Created at start, not at first use: its metrics must exist before the first event (docs/METRICS.md).
@Startup
@ApplicationScoped
public class AccountHealth {

    private static final String FLAGGED = "socialsync.accounts.flagged";
    private static final String CREDENTIALS_REJECTED = "credentials_rejected";

    private final Pool pool;
    private final MeterRegistry registry;

    public AccountHealth(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.registry = registry;
        // At zero from start: the reconnection alert and the dashboard find the series before the first flag.
        for (Platform platform : Platform.values()) {
            registry.counter(FLAGGED, "platform", platform.wire(), "reason", CREDENTIALS_REJECTED);
        }
    }

    /** Never fails: flagging is a consequence of a failed send, not a reason to lose the send's outcome. */
    public Uni<Void> flagCredentialsRejected(Platform platform, UUID accountId, String reason) {
        return pool.preparedQuery("""
                UPDATE social_accounts SET active = false, flagged_reason = $2, updated_at = now()
                WHERE id = $1 AND active""")
                .execute(Tuple.of(accountId, reason))
                .invoke(rows -> {
                    if (rows.rowCount() > 0) {
                        registry.counter(FLAGGED, "platform", platform.wire(), "reason", CREDENTIALS_REJECTED)
                                .increment();
                        Log.warnf("%s account %s deactivated: access token rejected", platform.wire(), accountId);
                    }
                })
                .replaceWithVoid()
                .onFailure().invoke(failure -> Log.errorf("account %s could not be flagged: %s", accountId,
                        failure.toString()))
                .onFailure().recoverWithNull();
    }
}

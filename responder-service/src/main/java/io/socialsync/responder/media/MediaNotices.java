package io.socialsync.responder.media;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The media notice per tenant ({@code tenants.media_notice}): what a customer reads when their voice note, photo or
 * file could not be read. A tenant without its own gets the deployment's ({@code SOCIALSYNC_MEDIA_NOTICE}).
 */
@ApplicationScoped
public class MediaNotices {

    /** The notice in force, and whether it is the deployment's default. */
    public record Notice(String text, boolean deploymentDefault) {
    }

    private final Pool pool;
    private final String deploymentDefault;

    public MediaNotices(Pool pool, MediaConfig config) {
        this.pool = pool;
        this.deploymentDefault = config.notice();
    }

    /** The tenant's notice, else the deployment's. */
    public Uni<Notice> of(UUID tenantId) {
        return pool.preparedQuery("SELECT media_notice FROM tenants WHERE id = $1").execute(Tuple.of(tenantId))
                .map(rows -> notice(rows.size() == 0 ? null : rows.iterator().next()));
    }

    /** Sets the tenant's own notice ({@code text}), or clears it back to the deployment's (empty). */
    public Uni<Notice> set(UUID tenantId, Optional<String> text) {
        return pool.preparedQuery("UPDATE tenants SET media_notice = $2, updated_at = now() WHERE id = $1 "
                + "RETURNING media_notice").execute(Tuple.of(tenantId, text.map(String::strip).orElse(null)))
                .map(rows -> notice(rows.size() == 0 ? null : rows.iterator().next()));
    }

    private Notice notice(Row row) {
        String own = row == null ? null : row.getString("media_notice");
        return own == null ? new Notice(deploymentDefault, true) : new Notice(own, false);
    }
}

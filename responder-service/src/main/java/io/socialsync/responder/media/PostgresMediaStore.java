package io.socialsync.responder.media;

import java.util.Optional;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The default store: the bytes in {@code media_objects.bytea}, so the local stack needs nothing else; links are
 * HMAC-signed URLs of the responder's own {@code /media/{id}} route ({@link MediaLinks}).
 */
public class PostgresMediaStore implements MediaStore {

    private final Pool pool;
    private final MediaLinks links;

    public PostgresMediaStore(Pool pool, MediaLinks links) {
        this.pool = pool;
        this.links = links;
    }

    @Override
    public String kind() {
        return "postgres";
    }

    @Override
    public Uni<Stored> put(UUID tenantId, ProcessedMedia media) {
        String sha256 = media.sha256();
        // The same content of the tenant is found, not written twice; xmax = 0 only for a row this statement inserted.
        return pool
                .preparedQuery(
                        """
                                INSERT INTO media_objects (id, tenant_id, sha256, content_type, size_bytes, width, height, storage, bytes)
                                VALUES ($1, $2, $3, $4, $5, $6, $7, 'postgres', $8)
                                ON CONFLICT (tenant_id, sha256) DO UPDATE SET orphaned_at = NULL
                                RETURNING id, xmax <> 0 AS existed""")
                .execute(Tuple.from(new Object[]{UUID.randomUUID(), tenantId, sha256, media.contentType(),
                        media.bytes().length, media.width(), media.height(), Buffer.buffer(media.bytes())}))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Stored(row.getUUID("id"), sha256, row.getBoolean("existed"));
                });
    }

    @Override
    public Uni<Optional<Content>> get(UUID objectId) {
        return pool.preparedQuery("SELECT bytes, content_type FROM media_objects WHERE id = $1 AND bytes IS NOT NULL")
                .execute(Tuple.of(objectId))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(content(rows.iterator().next())));
    }

    private static Content content(Row row) {
        return new Content(row.getBuffer("bytes").getBytes(), row.getString("content_type"));
    }

    @Override
    public Uni<String> link(UUID objectId) {
        return Uni.createFrom().item(() -> links.signedUrl(objectId));
    }
}

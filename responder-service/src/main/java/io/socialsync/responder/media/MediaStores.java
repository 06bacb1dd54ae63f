package io.socialsync.responder.media;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.quarkus.logging.Log;
import io.vertx.mutiny.sqlclient.Pool;

/** Chooses the media store at start: PostgreSQL unless {@code SOCIALSYNC_MEDIA_STORAGE_KIND=s3}. */
public class MediaStores {

    @Produces
    @ApplicationScoped
    MediaStore store(MediaConfig config, Pool pool, MediaLinks links) {
        String kind = config.storage().kind();
        if ("s3".equals(kind)) {
            Log.infof("media objects are kept in the S3 bucket %s", config.storage().s3().bucket());
            return new S3MediaStore(pool, config);
        }
        if (!"postgres".equals(kind)) {
            throw new IllegalStateException("unknown media storage kind " + kind);
        }
        Log.info("media objects are kept in PostgreSQL");
        return new PostgresMediaStore(pool, links);
    }
}

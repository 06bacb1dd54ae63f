package io.socialsync.responder.media;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Media objects in an S3-compatible bucket (AWS SDK v2, the blocking URL-connection client on a worker thread, never
 * the event loop). PostgreSQL keeps the index ({@code media_objects}: tenant, hash, key), so deduplication and
 * retention work as for the PostgreSQL store; links are presigned GETs valid {@code links.validity} (24 h), which the
 * bucket itself refuses when expired or altered.
 */
public class S3MediaStore implements MediaStore {

    private final Pool pool;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final Duration validity;

    public S3MediaStore(Pool pool, MediaConfig config) {
        MediaConfig.S3 settings = config.storage().s3();
        this.pool = pool;
        this.bucket = settings.bucket();
        this.validity = config.links().validity();
        AwsCredentialsProvider credentials = settings.accessKeyId().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId().get(),
                        settings.secretAccessKey().orElse("")))
                : DefaultCredentialsProvider.builder().build();
        S3Configuration addressing = S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build();
        var client = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(settings.region())).credentialsProvider(credentials)
                .serviceConfiguration(addressing);
        var presigning = S3Presigner.builder().region(Region.of(settings.region())).credentialsProvider(credentials)
                .serviceConfiguration(addressing);
        settings.endpoint().filter(url -> !url.isBlank()).map(URI::create).ifPresent(endpoint -> {
            client.endpointOverride(endpoint);
            presigning.endpointOverride(endpoint);
        });
        this.s3 = client.build();
        this.presigner = presigning.build();
    }

    @Override
    public String kind() {
        return "s3";
    }

    @Override
    public Uni<Stored> put(UUID tenantId, ProcessedMedia media) {
        String sha256 = media.sha256();
        return pool.preparedQuery("SELECT id FROM media_objects WHERE tenant_id = $1 AND sha256 = $2")
                .execute(Tuple.of(tenantId, sha256)).flatMap(rows -> {
                    if (rows.size() > 0) {
                        UUID existing = rows.iterator().next().getUUID("id");
                        return pool.preparedQuery("UPDATE media_objects SET orphaned_at = NULL WHERE id = $1")
                                .execute(Tuple.of(existing)).replaceWith(new Stored(existing, sha256, true));
                    }
                    UUID id = UUID.randomUUID();
                    String key = tenantId + "/" + id;
                    // Uploaded first: a row never names an object that is not there.
                    return blocking(() -> s3.putObject(request -> request.bucket(bucket).key(key)
                            .contentType(media.contentType()), RequestBody.fromBytes(media.bytes())))
                            .flatMap(uploaded -> index(tenantId, id, key, sha256, media));
                });
    }

    private Uni<Stored> index(UUID tenantId, UUID id, String key, String sha256, ProcessedMedia media) {
        return pool.preparedQuery("""
                INSERT INTO media_objects (id, tenant_id, sha256, content_type, size_bytes, width, height, storage,
                                           storage_key)
                VALUES ($1, $2, $3, $4, $5, $6, $7, 's3', $8)
                ON CONFLICT (tenant_id, sha256) DO UPDATE SET orphaned_at = NULL
                RETURNING id""")
                .execute(Tuple.from(new Object[]{id, tenantId, sha256, media.contentType(), media.bytes().length,
                        media.width(), media.height(), key}))
                .flatMap(rows -> {
                    UUID stored = rows.iterator().next().getUUID("id");
                    if (stored.equals(id)) {
                        return Uni.createFrom().item(new Stored(id, sha256, false));
                    }
                    // Another fetch stored the same content meanwhile: ours is a duplicate.
                    return blocking(() -> s3.deleteObject(request -> request.bucket(bucket).key(key)))
                            .replaceWith(new Stored(stored, sha256, true));
                });
    }

    @Override
    public Uni<Optional<Content>> get(UUID objectId) {
        return pool
                .preparedQuery("SELECT storage_key, content_type FROM media_objects WHERE id = $1 AND storage = 's3'")
                .execute(Tuple.of(objectId)).flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(Optional.<Content>empty());
                    }
                    Row row = rows.iterator().next();
                    String key = row.getString("storage_key");
                    return blocking(() -> {
                        try {
                            byte[] bytes = s3.getObjectAsBytes(request -> request.bucket(bucket).key(key))
                                    .asByteArray();
                            return Optional.of(new Content(bytes, row.getString("content_type")));
                        } catch (NoSuchKeyException e) {
                            return Optional.<Content>empty();
                        }
                    });
                });
    }

    @Override
    public Uni<String> link(UUID objectId) {
        return pool.preparedQuery("SELECT storage_key FROM media_objects WHERE id = $1").execute(Tuple.of(objectId))
                .map(rows -> {
                    String key = rows.iterator().next().getString("storage_key");
                    return presigner.presignGetObject(request -> request.signatureDuration(validity)
                            .getObjectRequest(get -> get.bucket(bucket).key(key))).url().toString();
                });
    }

    /** Deletes objects no message refers to any more (marked by the V40 trigger); returns how many. */
    public Uni<Integer> sweepOrphans(int limit) {
        return pool.preparedQuery("""
                SELECT id, storage_key FROM media_objects WHERE storage = 's3' AND orphaned_at IS NOT NULL
                ORDER BY orphaned_at LIMIT $1""").execute(Tuple.of(limit)).flatMap(rows -> {
            Uni<Integer> done = Uni.createFrom().item(0);
            for (Row row : rows) {
                UUID id = row.getUUID("id");
                String key = row.getString("storage_key");
                done = done.flatMap(count -> blocking(() -> s3.deleteObject(request -> request.bucket(bucket).key(key)))
                        .flatMap(deleted -> pool.preparedQuery(
                                "DELETE FROM media_objects WHERE id = $1 AND orphaned_at IS NOT NULL")
                                .execute(Tuple.of(id)))
                        .map(deleted -> count + deleted.rowCount()));
            }
            return done;
        });
    }

    private static <T> Uni<T> blocking(java.util.function.Supplier<T> call) {
        return Uni.createFrom().item(call).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}

package io.socialsync.responder.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.socialsync.responder.Seeds;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** What every S3-compatible server must do for {@link S3MediaStore}; subclasses bring the server. */
abstract class S3StoreContract {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    /** The server's endpoint, with a bucket {@link #bucket()} the test may create. */
    abstract String endpoint();

    abstract String accessKey();

    abstract String secretKey();

    String bucket() {
        return "socialsync-media-test";
    }

    @Test
    void objectsAreStoredOnceReadBackLinkedAndSweptWhenOrphaned() throws Exception {
        createBucket();
        S3MediaStore store = new S3MediaStore(pool, MediaFixtures.config(Map.of(
                "socialsync.media.storage.kind", "s3",
                "socialsync.media.storage.s3.bucket", bucket(),
                "socialsync.media.storage.s3.endpoint", endpoint(),
                "socialsync.media.storage.s3.path-style", "true",
                "socialsync.media.storage.s3.access-key-id", accessKey(),
                "socialsync.media.storage.s3.secret-access-key", secretKey())));
        Seeds.Business business = Seeds.business(pool);
        ProcessedMedia photo = new ProcessedMedia(MediaFixtures.jpeg(64, 48), "image/jpeg", 64, 48);

        MediaStore.Stored first = store.put(business.tenantId(), photo).await().atMost(WAIT);
        MediaStore.Stored second = store.put(business.tenantId(), photo).await().atMost(WAIT);

        assertFalse(first.deduplicated());
        assertTrue(second.deduplicated(), "the same content is stored once");
        assertEquals(first.id(), second.id());
        MediaStore.Content read = store.get(first.id()).await().atMost(WAIT).orElseThrow();
        assertArrayEquals(photo.bytes(), read.bytes());
        assertEquals("image/jpeg", read.contentType());

        String link = store.link(first.id()).await().atMost(WAIT);
        assertTrue(link.contains("X-Amz-Signature="), link);
        assertTrue(link.contains("X-Amz-Expires=86400"), "valid 24 h: " + link);
        HttpResponse<byte[]> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(link)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, served.statusCode());
        assertArrayEquals(photo.bytes(), served.body());

        pool.preparedQuery("UPDATE media_objects SET orphaned_at = now() WHERE id = $1").execute(Tuple.of(first.id()))
                .await().atMost(WAIT);
        assertTrue(store.sweepOrphans(1000).await().atMost(WAIT) >= 1);
        assertTrue(store.get(first.id()).await().atMost(WAIT).isEmpty(), "deleted from the bucket and the index");
    }

    private void createBucket() {
        try (S3Client admin = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey(),
                        secretKey())))
                .forcePathStyle(true).build()) {
            if (admin.listBuckets().buckets().stream().noneMatch(bucket -> bucket.name().equals(bucket()))) {
                admin.createBucket(request -> request.bucket(bucket()));
            }
        }
    }
}

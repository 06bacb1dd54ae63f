package io.socialsync.responder.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.socialsync.model.Platform;
import io.socialsync.model.UnifiedMessageType;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.responder.Seeds;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code bench/media-throughput.sh}: photos fetched, resized and stored per second on one thread (= per core), for
 * 1 MP and 12 MP photos, with WireMock as an instant Graph API on loopback; then, with the fetchers running as in
 * production, the time from a media message's commit (ingest's statement; the trigger writes the job) to "media ready"
 * at p50/p99. Not a test (the name ends in Bench): run by name only. Figures go to standard output.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class MediaThroughputBench {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Pool pool;

    @Inject
    MediaFetcher fetcher;

    @Test
    void throughputAndLatency() {
        Seeds.Business business = Seeds.business(pool);
        int small = Integer.getInteger("bench.photos.1mp", 60);
        int large = Integer.getInteger("bench.photos.12mp", 12);
        double perSecond1 = throughput(business, 1155, 866, small);
        double perSecond12 = throughput(business, 4000, 3000, large);
        System.out.printf(Locale.ROOT, "%nMedia fetched, resized (768x768) and stored (PostgreSQL), one thread:%n");
        System.out.printf(Locale.ROOT, "  1 MP photos (1155x866):   %6.1f per second per core (%d photos)%n",
                perSecond1, small);
        System.out.printf(Locale.ROOT, "  12 MP photos (4000x3000): %6.1f per second per core (%d photos)%n",
                perSecond12, large);
        latency(business, Integer.getInteger("bench.latency.messages", 100));
    }

    /** Runs the fetch of {@code count} distinct photos on this thread, as one fetcher thread does. */
    private double throughput(Seeds.Business business, int width, int height, int count) {
        List<MediaFetches.Job> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String mediaId = "bench-" + UUID.randomUUID();
            MediaFixtures.serve(GraphApiMock.server(), mediaId, photo(width, height, i), "image/jpeg", null);
            jobs.add(new MediaFetches.Job(UUID.randomUUID(), business.tenantId(), Platform.WHATSAPP,
                    business.phoneNumberId(), "token", "image", mediaId, null, "image/jpeg", 1, 1, true));
        }
        fetcher.process(jobs.get(0));
        long started = System.nanoTime();
        jobs.subList(1, count).forEach(fetcher::process);
        double seconds = (System.nanoTime() - started) / 1e9;
        return (count - 1) / seconds;
    }

    /** Media messages stored 50 ms apart; commit to ready, from the database's own timestamps. */
    private void latency(Seeds.Business business, int count) {
        List<UUID> ids = new ArrayList<>();
        String customer = MediaReplyTest.customer();
        for (int i = 0; i < count; i++) {
            String mediaId = "bench-latency-" + UUID.randomUUID();
            // Each a distinct file, so none is a deduplicated shortcut.
            MediaFixtures.serve(GraphApiMock.server(), mediaId, photo(1155, 866, 1000 + i), "image/jpeg", null);
            ids.add(MediaFixtures.media(pool, business, customer, UnifiedMessageType.IMAGE, mediaId, "image/jpeg",
                    null, true).id());
            Seeds.pause(50);
        }
        List<Row> rows = new ArrayList<>();
        long giveUp = System.nanoTime() + WAIT.toNanos();
        do {
            rows.clear();
            pool.preparedQuery("""
                    SELECT extract(epoch FROM (f.ready_at - m.created_at)) * 1000 AS millis FROM media_fetches f
                    JOIN messages m ON m.id = f.message_id WHERE f.message_id = ANY($1) AND f.status = 'ready'
                    ORDER BY 1""").execute(Tuple.of(ids.toArray(UUID[]::new))).await().atMost(WAIT)
                    .forEach(rows::add);
            Seeds.pause(100);
        } while (rows.size() < count && System.nanoTime() < giveUp);
        assertEquals(count, rows.size(), "all media ready");
        double p50 = rows.get((int) Math.ceil(0.50 * count) - 1).getDouble("millis");
        double p99 = rows.get((int) Math.ceil(0.99 * count) - 1).getDouble("millis");
        System.out.printf(Locale.ROOT, "Message stored -> media ready (1 MP photos, one every 50 ms, %d): p50 %.0f ms  "
                + "p99 %.0f ms  max %.0f ms%n%n", count, p50, p99, rows.get(count - 1).getDouble("millis"));
    }

    /** A photo-like JPEG, different for every {@code seed}. */
    private static byte[] photo(int width, int height, int seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < 40; i++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
            g.fillOval(random.nextInt(width), random.nextInt(height), width / 4, height / 4);
        }
        g.dispose();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

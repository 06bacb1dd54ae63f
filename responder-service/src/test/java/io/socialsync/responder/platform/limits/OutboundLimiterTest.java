package io.socialsync.responder.platform.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.socialsync.model.Platform;
import io.socialsync.responder.GraphApiMock;
import io.socialsync.testsupport.RealServersResource;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The shared outbound limits on the real Redis, with two limiter instances playing two responder replicas: together
 * they never break the pair pacing, an account's limit or a number's throughput, and a held message is delayed, not
 * dropped.
 */
@QuarkusTest
@WithTestResource(value = RealServersResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GraphApiMock.class, scope = TestResourceScope.GLOBAL)
class OutboundLimiterTest {

    /**
     * A turn starts when the script's answer has arrived and its wait has passed: a slower answer before a faster one
     * brings two sends this much closer together than their reserved times.
     */
    private static final long JITTER_MS = 40;

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    Pool pool;

    @Inject
    OutboundConfig config;

    @Inject
    MeterRegistry registry;

    @Test
    void twoReplicasSendingToOneRecipientKeepThePairSpacing() {
        OutboundLimiter[] replicas = replicas(Duration.ofSeconds(30));
        String account = account();
        Duration spacing = Duration.ofMillis(200);

        List<Long> sentAt = burst(replicas, 12, i -> replicas[i % 2].reserve(Platform.WHATSAPP, account, "4917000",
                spacing, 10_000, 1000));

        for (int i = 1; i < sentAt.size(); i++) {
            long gap = sentAt.get(i) - sentAt.get(i - 1);
            assertTrue(gap >= spacing.toMillis() - JITTER_MS,
                    "send " + i + " only " + gap + " ms after the one before");
        }
        // Other recipients are not held by this one's pacing.
        long started = System.nanoTime();
        replicas[0].reserve(Platform.WHATSAPP, account, "4917001", spacing, 10_000, 1000).await().indefinitely();
        assertTrue(millisSince(started) < 100, "another customer waited " + millisSince(started) + " ms");
    }

    @Test
    void anAccountLimitHoldsAcrossTwoReplicasUnderABurstOfTenTimesTheLimitAndEveryMessageGoesOut() {
        OutboundLimiter[] replicas = replicas(Duration.ofSeconds(30));
        String account = account();
        int perWindow = 5; // per second: the test profile's account window

        List<Long> sentAt = burst(replicas, 10 * perWindow, i -> replicas[i % 2].reserve(Platform.WHATSAPP, account,
                "customer-" + i, Duration.ZERO, perWindow, 1000));

        assertEquals(10 * perWindow, sentAt.size(), "every message went out");
        assertAtMost(perWindow, config.accountWindow().toMillis(), sentAt);
        long took = sentAt.get(sentAt.size() - 1) - sentAt.get(0);
        assertTrue(took >= 9 * config.accountWindow().toMillis() - JITTER_MS, "50 at 5 per second took " + took);
    }

    @Test
    void aTurnBeyondTheLongestWaitIsRefusedAndReservesNothing() {
        OutboundLimiter limiter = replicas(Duration.ofMillis(300))[0];
        String account = account();
        limiter.reserve(Platform.WHATSAPP, account, "4917000", Duration.ofSeconds(5), 10_000, 1000).await()
                .indefinitely();

        Throwable held = limiter.reserve(Platform.WHATSAPP, account, "4917000", Duration.ofSeconds(5), 10_000, 1000)
                .onItem().transform(ok -> (Throwable) null).onFailure().recoverWithItem(failure -> failure).await()
                .indefinitely();

        assertInstanceOf(OutboundLimiter.HeldTooLong.class, held);
        assertEquals("recipient", ((OutboundLimiter.HeldTooLong) held).limit());
    }

    @Test
    void a130429SlowsTheNumberDownOnEveryReplica() {
        OutboundLimiter[] replicas = replicas(Duration.ofSeconds(30));
        String account = account();
        int throughput = 10; // per second

        List<Long> before = burst(replicas, 10, i -> replicas[i % 2].reserve(Platform.WHATSAPP, account,
                "c-" + i, Duration.ZERO, 10_000, throughput));
        assertTrue(before.get(9) - before.get(0) < 500, "10 at 10/s go at once");

        replicas[0].slowDown(Platform.WHATSAPP, account).await().indefinitely();
        pause(1100); // the first burst leaves the window
        List<Long> after = burst(replicas, 10, i -> replicas[i % 2].reserve(Platform.WHATSAPP, account,
                "d-" + i, Duration.ZERO, 10_000, throughput));

        assertAtMost(throughput / 2, config.numberWindow().toMillis(), after);
        assertTrue(after.get(9) - after.get(0) >= 1000 - JITTER_MS, "half the throughput: 10 take a second");
    }

    /** In every window of {@code windowMillis} (less the timers' jitter) at most {@code most} sends. */
    private static void assertAtMost(int most, long windowMillis, List<Long> sentAt) {
        for (int i = 0; i + most < sentAt.size(); i++) {
            long span = sentAt.get(i + most) - sentAt.get(i);
            assertTrue(span >= windowMillis - JITTER_MS,
                    (most + 1) + " sends within " + span + " ms, from send " + i + ": " + sentAt);
        }
    }

    private List<Long> burst(OutboundLimiter[] replicas, int count, java.util.function.IntFunction<Uni<Void>> send) {
        long start = System.nanoTime();
        List<Long> sentAt = Collections.synchronizedList(new ArrayList<>());
        List<Uni<Void>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(send.apply(i).invoke(() -> sentAt.add(millisSince(start))));
        }
        Uni.join().all(all).andFailFast().await().atMost(Duration.ofSeconds(60));
        List<Long> sorted = new ArrayList<>(sentAt);
        Collections.sort(sorted);
        return sorted;
    }

    private OutboundLimiter[] replicas(Duration maxWait) {
        OutboundConfig tuned = new Tuned(config, maxWait);
        return new OutboundLimiter[]{new OutboundLimiter(redis, pool, tuned, registry),
                new OutboundLimiter(redis, pool, tuned, registry)};
    }

    private static String account() {
        return "limits-" + UUID.randomUUID();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The test profile's configuration with another longest wait. */
    private record Tuned(OutboundConfig delegate, Duration maxWait) implements OutboundConfig {
        @Override
        public boolean limitsEnabled() {
            return true;
        }

        @Override
        public Duration accountWindow() {
            return delegate.accountWindow();
        }

        @Override
        public int numberThroughput() {
            return delegate.numberThroughput();
        }

        @Override
        public Duration numberWindow() {
            return delegate.numberWindow();
        }

        @Override
        public Duration turnMargin() {
            return delegate.turnMargin();
        }

        @Override
        public Duration slowdownFor() {
            return delegate.slowdownFor();
        }

        @Override
        public int slowdownMost() {
            return delegate.slowdownMost();
        }

        @Override
        public Duration settingsCache() {
            return delegate.settingsCache();
        }

        @Override
        public Map<String, PlatformOutbound> platform() {
            return delegate.platform();
        }

        @Override
        public int defaultRequestsPerMinute() {
            return delegate.defaultRequestsPerMinute();
        }

        @Override
        public Duration defaultCallTimeout() {
            return delegate.defaultCallTimeout();
        }
    }
}

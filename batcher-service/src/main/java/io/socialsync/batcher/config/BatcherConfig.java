package io.socialsync.batcher.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.socialsync.model.Platform;

/** Everything batcher-service can be told. */
@ConfigMapping(prefix = "socialsync")
public interface BatcherConfig {

    Batch batch();

    Consumer consumer();

    /** The batching window (DESIGN §3), globally and per platform. */
    interface Batch {

        /** Silence after a customer's last message before the batch is due ({@code SOCIALSYNC_BATCH_WINDOW}). */
        @WithDefault("2s")
        Duration window();

        /**
         * Longest a window stays open after its first message, so a customer who types without pause still gets an
         * answer ({@code SOCIALSYNC_BATCH_MAX_WAIT}).
         */
        @WithDefault("10s")
        Duration maxWait();

        /** How long an unclaimed window's keys live in Redis. */
        @WithDefault("30m")
        Duration ttl();

        /** Per-platform overrides, e.g. {@code socialsync.batch.platform.instagram.window=3s}. */
        Map<String, PlatformWindow> platform();

        default Duration windowFor(Platform platform) {
            return Optional.ofNullable(platform().get(platform.wire())).flatMap(PlatformWindow::window)
                    .orElse(window());
        }

        default Duration maxWaitFor(Platform platform) {
            return Optional.ofNullable(platform().get(platform.wire())).flatMap(PlatformWindow::maxWait)
                    .orElse(maxWait());
        }
    }

    interface PlatformWindow {

        Optional<Duration> window();

        Optional<Duration> maxWait();
    }

    /** How this replica reads the inbound stream in the {@code batcher} consumer group. */
    interface Consumer {

        /** This replica's consumer name; unique per replica (the pod name on Kubernetes). */
        @WithDefault("${HOSTNAME:batcher-local}")
        String name();

        /** Entries read per call. */
        @WithDefault("100")
        int readCount();

        /** How long one read waits for new entries. */
        @WithDefault("2s")
        Duration readBlock();

        /** Entries pending this long with a consumer (a replica that died) are taken over. */
        @WithDefault("60s")
        Duration claimIdle();
    }
}

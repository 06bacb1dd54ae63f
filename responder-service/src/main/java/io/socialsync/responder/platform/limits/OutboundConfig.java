package io.socialsync.responder.platform.limits;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits on what replicas send together, kept in Redis ({@code socialsync.outbound.*}), and the time an outbound
 * call may take.
 */
@ConfigMapping(prefix = "socialsync.outbound")
public interface OutboundConfig {

    /** Apply the limits at all ({@code SOCIALSYNC_OUTBOUND_LIMITS_ENABLED}); off, replies go out as fast as asked. */
    @WithDefault("true")
    boolean limitsEnabled();

    /**
     * The window of an account's messages-per-minute limit: at most the limit in any window this long. One minute;
     * tests shorten it to see a minute's behaviour in a second.
     */
    @WithDefault("1m")
    Duration accountWindow();

    /** Messages a number may send per second unless its account says otherwise (Meta's default: 80). */
    @WithDefault("80")
    int numberThroughput();

    /** The window of the number's throughput. */
    @WithDefault("1s")
    Duration numberWindow();

    /**
     * Longest a message part waits for its turn ({@code SOCIALSYNC_OUTBOUND_MAX_WAIT}); a longer wait is not taken:
     * the send fails as retryable and the batch goes the retry path. Keep it inside the reply budget.
     */
    @WithDefault("10s")
    Duration maxWait();

    /**
     * Added to every window and spacing: a turn starts when the script's answer arrives, and a slower answer before a
     * faster one brings two sends closer together than their reserved turns; the margin covers that.
     */
    @WithDefault("50ms")
    Duration turnMargin();

    /** How long a number stays slowed down after the platform said it sends too fast (130429). */
    @WithDefault("60s")
    Duration slowdownFor();

    /** The most a number is slowed down: its throughput divided by at most this. */
    @WithDefault("16")
    int slowdownMost();

    /** How long an account's limits read from PostgreSQL are reused. */
    @WithDefault("30s")
    Duration settingsCache();

    /** Per platform, by its wire name ({@code whatsapp}, {@code instagram}, {@code telegram}). */
    Map<String, PlatformOutbound> platform();

    /** What one platform's sends may do. */
    interface PlatformOutbound {

        /**
         * Messages per minute of an account whose plan sets none ({@code [PLATFORM]_RATE_LIMIT_REQUESTS_PER_MINUTE}, the
         * seed's name).
         */
        Optional<Integer> requestsPerMinute();

        /**
         * Longest one outbound call may take, its retries included ({@code [PLATFORM]_WEBHOOK_TIMEOUT}, the seed's
         * name; a bare number is seconds).
         */
        Optional<Duration> callTimeout();

        /**
         * Messages an account may send per second on this platform unless its account says otherwise (Telegram: about
         * 30 per bot); unset, {@code number-throughput}.
         */
        Optional<Integer> throughput();
    }

    /** Messages per minute of an account whose plan sets none, on a platform without its own default. */
    @WithDefault("60")
    int defaultRequestsPerMinute();

    /** Longest one outbound call may take on a platform without its own setting. */
    @WithDefault("30s")
    Duration defaultCallTimeout();
}

package io.socialsync.responder.handoff;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How a person and the AI share a conversation ({@code socialsync.handoff.*}). */
@ConfigMapping(prefix = "socialsync.handoff")
public interface HandoffConfig {

    /**
     * How long a person's reply (admin API, or an echo from the platform's app) keeps the AI quiet on that
     * conversation ({@code SOCIALSYNC_HANDOFF_HUMAN_PAUSE}). The explicit switch ({@code PUT …/ai}) has no end.
     */
    @WithDefault("2h")
    Duration humanPause();
}

package io.socialsync.ingest.store;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What a person answering a customer from the platform's own app does to the AI. */
@ConfigMapping(prefix = "socialsync.handoff")
public interface HandoffConfig {

    /**
     * How long the AI leaves a conversation alone after a person replied from the app (an Instagram echo we did not
     * send), so that it does not talk over them ({@code SOCIALSYNC_HANDOFF_HUMAN_PAUSE}). The AI answers again after.
     */
    @WithDefault("2h")
    Duration humanPause();
}

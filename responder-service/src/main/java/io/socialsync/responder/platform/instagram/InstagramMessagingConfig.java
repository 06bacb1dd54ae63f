package io.socialsync.responder.platform.instagram;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Instagram's messaging window and typing indicator ({@code socialsync.messaging.instagram.*}). */
@ConfigMapping(prefix = "socialsync.messaging.instagram")
public interface InstagramMessagingConfig {

    /** How long after the customer's last message the AI (or anyone) may answer freely. */
    @WithDefault("24h")
    Duration serviceWindow();

    /** How long after it a person may still answer, tagged {@code HUMAN_AGENT}. */
    @WithDefault("7d")
    Duration humanAgentWindow();

    /** How often {@code typing_on} is sent again while a reply is prepared. */
    @WithDefault("20s")
    Duration typingRefresh();
}

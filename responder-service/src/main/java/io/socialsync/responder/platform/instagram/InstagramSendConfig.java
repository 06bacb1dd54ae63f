package io.socialsync.responder.platform.instagram;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How replies go out on the Instagram messaging API ({@code socialsync.send.instagram.*}). */
@ConfigMapping(prefix = "socialsync.send.instagram")
public interface InstagramSendConfig {

    /** Longest text of one message in UTF-8 bytes; longer replies are split on sentence boundaries. */
    @WithDefault("1000")
    int maxPartBytes();

    /** Least time between two messages to one customer. */
    @WithDefault("1s")
    Duration recipientSpacing();
}

package io.socialsync.responder.platform.whatsapp;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How replies go out on the WhatsApp Cloud API ({@code socialsync.send.whatsapp.*}). */
@ConfigMapping(prefix = "socialsync.send.whatsapp")
public interface WhatsAppSendConfig {

    /** Longest text of one message; longer replies are split on sentence boundaries. */
    @WithDefault("4096")
    int maxPartChars();

    /**
     * Least time between two messages to one customer (parts of one reply, or consecutive replies), so that bursts
     * do not hit the pair rate limit (131056).
     */
    @WithDefault("1s")
    Duration recipientSpacing();
}

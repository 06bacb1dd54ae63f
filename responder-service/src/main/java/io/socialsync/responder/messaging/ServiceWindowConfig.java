package io.socialsync.responder.messaging;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The customer-service window as the reply pipeline applies it ({@code socialsync.service-window.*}). */
@ConfigMapping(prefix = "socialsync.service-window")
public interface ServiceWindowConfig {

    /**
     * A batch whose window closes within this margin gets no AI reply (it could not go out in time) and goes to a
     * person instead ({@code SOCIALSYNC_SERVICE_WINDOW_MARGIN}). The default covers the AI timeout (25 s) and the
     * send reserve (10 s).
     */
    @WithDefault("35s")
    Duration margin();
}

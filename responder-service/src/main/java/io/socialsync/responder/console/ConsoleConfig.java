package io.socialsync.responder.console;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The web console's sessions and live updates ({@code socialsync.console.*}). */
@ConfigMapping(prefix = "socialsync.console")
public interface ConsoleConfig {

    /** How long a console session lasts after sign-in, whatever is done with it ({@code SOCIALSYNC_CONSOLE_SESSION_LIFETIME}). */
    @WithDefault("8h")
    Duration sessionLifetime();

    /**
     * Whether the session cookie is marked {@code Secure} (sent over HTTPS only). Off only where the console is
     * reached over plain HTTP on one's own machine ({@code SOCIALSYNC_CONSOLE_SECURE_COOKIE=false}).
     */
    @WithDefault("true")
    boolean secureCookie();

    /** How often an open page's live stream looks for news in PostgreSQL ({@code SOCIALSYNC_CONSOLE_LIVE_POLL}). */
    @WithDefault("1500ms")
    Duration livePoll();
}

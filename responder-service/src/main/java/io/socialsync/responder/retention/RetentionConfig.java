package io.socialsync.responder.retention;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How long customer data is kept ({@code socialsync.retention.*}). A tenant's own retention is
 * {@code tenants.retention_days} (400 days unless the operator sets another).
 */
@ConfigMapping(prefix = "socialsync.retention")
public interface RetentionConfig {

    /** Run the retention job at all ({@code SOCIALSYNC_RETENTION_ENABLED}). */
    @WithDefault("true")
    boolean enabled();

    /** One run per interval across replicas ({@code SOCIALSYNC_RETENTION_INTERVAL}). */
    @WithDefault("1h")
    Duration interval();

    /** Messages blanked per statement; a run repeats statements until none is left. */
    @WithDefault("1000")
    int batchSize();

    /**
     * Dead letters older than this are dropped ({@code SOCIALSYNC_RETENTION_DEAD_LETTER_MAX_AGE}); the dead letter
     * is also bounded by count where it is written.
     */
    @WithDefault("336h")
    Duration deadLetterMaxAge();
}

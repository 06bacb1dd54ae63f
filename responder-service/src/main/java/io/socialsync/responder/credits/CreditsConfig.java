package io.socialsync.responder.credits;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How tenants' credits are granted and watched ({@code socialsync.credits.*}). */
@ConfigMapping(prefix = "socialsync.credits")
public interface CreditsConfig {

    /** Length of a billing period: each period grants the plan's credits once ({@code SOCIALSYNC_CREDITS_PERIOD}). */
    @WithDefault("monthly")
    BillingPeriod period();

    /**
     * Whether credits left at the end of a period are kept ({@code SOCIALSYNC_CREDITS_ROLLOVER}); when false they
     * expire with a {@code period_expiry} entry before the new period's grant.
     */
    @WithDefault("false")
    boolean rollover();

    /**
     * How often each replica looks for tenants whose current period is not granted yet
     * ({@code SOCIALSYNC_CREDITS_GRANT_INTERVAL}); every replica may look, a period is granted once.
     */
    @WithDefault("1m")
    Duration grantInterval();

    /** Run the period grants at all ({@code SOCIALSYNC_CREDITS_GRANTS_ENABLED}); off only in tests that run them. */
    @WithDefault("true")
    boolean grantsEnabled();

    /**
     * A tenant without its own low-balance threshold is low below this share of its plan's monthly credits, in
     * percent ({@code SOCIALSYNC_CREDITS_LOW_BALANCE_PERCENT}).
     */
    @WithDefault("10")
    int lowBalancePercent();
}

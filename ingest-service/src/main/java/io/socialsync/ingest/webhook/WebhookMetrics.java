package io.socialsync.ingest.webhook;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.socialsync.model.Platform;

/**
 * {@code socialsync_webhooks_total{platform,outcome}}: one count per delivery, never tagged by customer; besides,
 * per platform, {@code socialsync_messages_held_total} (messages stored for an inactive account) and
 * {@code socialsync_webhooks_unknown_account_total} (items for an account never registered, dropped).
 */
// Created at start, not at the first delivery: alerts read these series before any delivery (docs/METRICS.md).
@Startup
@ApplicationScoped
public class WebhookMetrics {

    /** What became of a delivery. */
    public enum Outcome {
        ACCEPTED, DUPLICATE, IGNORED, REJECTED, MALFORMED, FAILED, OVERLOADED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Counters built once per (platform, outcome): the registry lookup is not free at thousands per second. */
    private final java.util.Map<Platform, java.util.Map<Outcome, Counter>> counters = new java.util.EnumMap<>(
            Platform.class);
    private final java.util.Map<Platform, Counter> held = new java.util.EnumMap<>(Platform.class);
    private final java.util.Map<Platform, Counter> unknownAccount = new java.util.EnumMap<>(Platform.class);

    public WebhookMetrics(MeterRegistry registry) {
        for (Platform platform : Platform.values()) {
            java.util.Map<Outcome, Counter> byOutcome = new java.util.EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                byOutcome.put(outcome, Counter.builder("socialsync.webhooks")
                        .description("Webhook deliveries by platform and outcome")
                        .tag("platform", platform.wire())
                        .tag("outcome", outcome.tag())
                        .register(registry));
            }
            counters.put(platform, byOutcome);
            held.put(platform, Counter.builder("socialsync.messages.held")
                    .description("Messages stored for an inactive account, answered once it is active again")
                    .tag("platform", platform.wire())
                    .register(registry));
            unknownAccount.put(platform, Counter.builder("socialsync.webhooks.unknown_account")
                    .description("Delivered items for an account that was never registered, dropped")
                    .tag("platform", platform.wire())
                    .register(registry));
        }
    }

    public void held(Platform platform) {
        held.get(platform).increment();
    }

    public void unknownAccount(Platform platform) {
        unknownAccount.get(platform).increment();
    }

    public void count(Platform platform, Outcome outcome) {
        counters.get(platform).get(outcome).increment();
    }
}

package io.socialsync.ingest.webhook;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.socialsync.model.Platform;

/** {@code socialsync_webhooks_total{platform,outcome}}: one count per delivery, never tagged by customer. */
@ApplicationScoped
public class WebhookMetrics {

    /** What became of a delivery. */
    public enum Outcome {
        ACCEPTED, DUPLICATE, IGNORED, REJECTED, MALFORMED, FAILED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(Platform platform, Outcome outcome) {
        Counter.builder("socialsync.webhooks")
                .description("Webhook deliveries by platform and outcome")
                .tag("platform", platform.wire())
                .tag("outcome", outcome.tag())
                .register(registry)
                .increment();
    }
}

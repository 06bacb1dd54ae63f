package io.socialsync.responder.reply;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.socialsync.model.Platform;

/** The responder's meters (DESIGN §6), tagged by platform and outcome, never by customer. */
@ApplicationScoped
public class ReplyMetrics {

    /** An outcome that ReplyService also reports as a failure; see {@link #failed}. */
    static final String NO_CREDITS = "no_credits";

    private final MeterRegistry registry;

    public ReplyMetrics(MeterRegistry registry) {
        this.registry = registry;
        // At zero from start: the time-out alert reads it before the first time-out.
        for (Platform platform : Platform.values()) {
            registry.counter("socialsync.conversations.timed.out", "platform", platform.wire());
        }
    }

    public void lateness(Platform platform, Duration lateness) {
        Timer.builder("socialsync.batch.lateness")
                .description("Claim time minus the batch's deadline")
                .tag("platform", platform.wire())
                .publishPercentileHistogram()
                .register(registry)
                .record(lateness);
    }

    public void processed(Platform platform, String outcome, Duration took) {
        registry.counter("socialsync.conversations.processed", "platform", platform.wire(), "outcome", outcome)
                .increment();
        Timer.builder("socialsync.processing")
                .description("From claim to reply stored")
                .tag("platform", platform.wire())
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(took);
    }

    public void failed(Platform platform, String reason) {
        if (NO_CREDITS.equals(reason)) {
            // Not a failure: the conversation went to a person, counted once as processed{outcome=no_credits}.
            return;
        }
        registry.counter("socialsync.conversations.failed", "platform", platform.wire(), "reason", reason).increment();
    }

    public void generated(Platform platform, String provider) {
        registry.counter("socialsync.responses.generated", "platform", platform.wire(), "provider", provider)
                .increment();
    }

    /** A conversation whose reply was not generated within its budget; nothing was sent. */
    public void timedOut(Platform platform) {
        registry.counter("socialsync.conversations.timed.out", "platform", platform.wire()).increment();
    }

    /** A conversation handed to a person, by reason ({@code low_confidence}, {@code no_credits}, …). */
    public void escalated(Platform platform, String reason) {
        registry.counter("socialsync.conversations.escalated", "platform", platform.wire(), "reason", reason)
                .increment();
    }
}

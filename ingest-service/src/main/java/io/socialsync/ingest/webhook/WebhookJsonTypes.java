package io.socialsync.ingest.webhook;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The webhook answer's body, registered for a native image explicitly rather than left to Quarkus REST's inference,
 * so that nothing is left to discover at native-build time.
 */
@RegisterForReflection(targets = {DeliveryReceipt.class, WebhookMetrics.Outcome.class})
final class WebhookJsonTypes {

    private WebhookJsonTypes() {
    }
}

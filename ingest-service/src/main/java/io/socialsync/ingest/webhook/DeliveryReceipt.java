package io.socialsync.ingest.webhook;

import io.socialsync.ingest.webhook.WebhookMetrics.Outcome;

/** What ingest did with an accepted delivery; the body of the 200 answer. */
public record DeliveryReceipt(Outcome outcome, int stored, int duplicates, int ignored) {
}

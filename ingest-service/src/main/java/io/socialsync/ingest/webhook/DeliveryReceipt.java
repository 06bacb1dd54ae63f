package io.socialsync.ingest.webhook;

import io.socialsync.ingest.webhook.WebhookMetrics.Outcome;

/**
 * What ingest did with an accepted delivery; the body of the 200 answer.
 *
 * @param stored new messages stored
 * @param duplicates messages already stored (redeliveries)
 * @param ignored items for accounts we do not serve, or that we read but do not act on
 * @param updated statuses, reads and deletions applied to stored messages
 * @param echoes echoes of messages sent from the business account (ours or a human's)
 */
public record DeliveryReceipt(Outcome outcome, int stored, int duplicates, int ignored, int updated, int echoes) {
}

package io.socialsync.ingest.webhook;

import java.util.List;

/**
 * What one signed delivery holds.
 *
 * @param messages the customer messages, in delivery order
 * @param skipped items the adapter read but this version does not act on (logged and counted, never an error)
 */
public record WebhookDelivery(List<ExtractedMessage> messages, int skipped) {
}

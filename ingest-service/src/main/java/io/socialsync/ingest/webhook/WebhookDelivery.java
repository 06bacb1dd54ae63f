package io.socialsync.ingest.webhook;

import java.util.List;

/**
 * What one signed delivery holds, in delivery order within each list.
 *
 * @param messages the customer messages (answerable ones and reactions)
 * @param statuses news about stored messages: delivery statuses, reads, deletions
 * @param echoes messages the business account sent, echoed back
 * @param skipped items the adapter read but does not act on (logged and counted, never an error)
 */
public record WebhookDelivery(List<ExtractedMessage> messages, List<StatusUpdate> statuses, List<Echo> echoes,
        int skipped) {

    public int items() {
        return messages.size() + statuses.size() + echoes.size();
    }
}

package io.socialsync.ingest.webhook;

import java.util.List;

/**
 * What one signed delivery holds, in delivery order within each list.
 *
 * @param messages the customer messages (answerable ones and reactions)
 * @param statuses news about stored messages: delivery statuses, reads, deletions
 * @param echoes messages the business account sent, echoed back
 * @param edits customers changing the text of messages they sent
 * @param events news about customers and conversations that is not a message (identity changes, calls, blocks)
 * @param accountEvents news about business accounts and their templates
 * @param skipped items the adapter read but does not act on (logged and counted, never an error)
 */
public record WebhookDelivery(List<ExtractedMessage> messages, List<StatusUpdate> statuses, List<Echo> echoes,
        List<MessageEdit> edits, List<ConversationEvent> events, List<AccountEvent> accountEvents, int skipped) {

    /** A delivery without account-level news. */
    public WebhookDelivery(List<ExtractedMessage> messages, List<StatusUpdate> statuses, List<Echo> echoes,
            List<MessageEdit> edits, List<ConversationEvent> events, int skipped) {
        this(messages, statuses, echoes, edits, events, List.of(), skipped);
    }

    /** A delivery of messages, statuses and echoes only. */
    public WebhookDelivery(List<ExtractedMessage> messages, List<StatusUpdate> statuses, List<Echo> echoes,
            int skipped) {
        this(messages, statuses, echoes, List.of(), List.of(), List.of(), skipped);
    }

    public int items() {
        return messages.size() + statuses.size() + echoes.size() + edits.size() + events.size() + accountEvents.size();
    }
}

package io.socialsync.responder.batch;

import java.util.List;
import java.util.UUID;

import io.socialsync.model.UnifiedMessage;

/**
 * A due window this replica now owns.
 *
 * @param key the Redis list holding the batch while it is leased
 * @param deadline epoch ms when it became due
 * @param claimedAt epoch ms (Redis's clock) when it was claimed
 * @param messages the customer's messages, oldest first
 */
public record ClaimedBatch(UUID id, String key, String conversationKey, long deadline, long claimedAt,
        List<UnifiedMessage> messages) {

    /** How late the claim was: what {@code socialsync_batch_lateness_seconds} measures. */
    public long latenessMillis() {
        return Math.max(0, claimedAt - deadline);
    }

    public UnifiedMessage last() {
        return messages.get(messages.size() - 1);
    }
}

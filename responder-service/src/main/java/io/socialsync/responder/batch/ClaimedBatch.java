package io.socialsync.responder.batch;

import java.util.List;
import java.util.UUID;

import io.socialsync.model.RedisKeys;
import io.socialsync.model.UnifiedMessage;

/**
 * A due batch this replica now leases.
 *
 * @param id the batch's id; stays the same across attempts, so a reply already recorded is found by it
 * @param key the Redis list holding the batch while it is leased
 * @param owner the token of this claim: only its holder may end or renew the batch (a replica whose lease expired
 *        and whose batch another replica claimed again can no longer touch it)
 * @param deadline epoch ms when it became due
 * @param claimedAt epoch ms (Redis's clock) when it was claimed
 * @param attempts earlier attempts that failed or lost their lease
 * @param freshRuleUsed whether these messages were already put back once because the customer kept typing; such a
 *        batch is answered even if more messages arrive (DESIGN §3, fresh reply)
 * @param claimedBefore whether an earlier claim of this batch (failed, expired, waiting for a confirmation or handed
 *        back) may have recorded a reply; a first claim of a new window cannot have one
 * @param messages the customer's messages, oldest first
 */
public record ClaimedBatch(UUID id, String key, String owner, String conversationKey, long deadline, long claimedAt,
        int attempts, boolean freshRuleUsed, boolean claimedBefore, List<UnifiedMessage> messages) {

    /** How late the claim was: what {@code socialsync_batch_lateness_seconds} measures. */
    public long latenessMillis() {
        return Math.max(0, claimedAt - deadline);
    }

    public UnifiedMessage last() {
        return messages.get(messages.size() - 1);
    }

    public UUID[] messageIds() {
        return messages.stream().map(UnifiedMessage::id).toArray(UUID[]::new);
    }

    /** The same batch holding {@code current} instead (its messages as they are stored now). */
    public ClaimedBatch withMessages(List<UnifiedMessage> current) {
        return new ClaimedBatch(id, key, owner, conversationKey, deadline, claimedAt, attempts, freshRuleUsed,
                claimedBefore, List.copyOf(current));
    }

    /** The batch id is the key's last part, so every attempt of one batch shares it. */
    static UUID idOf(String batchKey) {
        return UUID.fromString(batchKey.substring(batchKey.lastIndexOf(':') + 1));
    }

    /** The conversation key of a batch key. */
    static String conversationOf(String batchKey) {
        return RedisKeys.conversationOf(batchKey);
    }
}

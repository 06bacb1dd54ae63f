package io.socialsync.responder.batch;

import java.util.List;

import io.socialsync.model.UnifiedMessage;

/**
 * What {@code finish.lua} did with a batch.
 *
 * @param deadLettered the messages of a batch that went to the dead letter, else empty
 */
public record FinishResult(Outcome outcome, String conversationKey, int attempts, List<UnifiedMessage> deadLettered) {

    public enum Outcome {
        /** Another replica holds the lease now (or the batch is gone): nothing was done. */
        NOT_LEASED, DONE, DEAD_LETTERED,
        /** Supersede only: no new message arrived, the batch is still ours. */
        NOTHING_NEW
    }

    public boolean is(Outcome expected) {
        return outcome == expected;
    }
}

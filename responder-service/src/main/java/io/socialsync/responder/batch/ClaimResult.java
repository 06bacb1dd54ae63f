package io.socialsync.responder.batch;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One look at the deadlines: the batches claimed, or when to look again.
 *
 * @param now Redis's clock (epoch ms)
 * @param batches the batches claimed, possibly none
 * @param nextDeadline the earliest deadline seen that was not due yet, when one was seen
 */
public record ClaimResult(long now, List<ClaimedBatch> batches, OptionalLong nextDeadline) {

    static ClaimResult nothingDue(long now, OptionalLong nextDeadline) {
        return new ClaimResult(now, List.of(), nextDeadline);
    }

    /** The first batch claimed, if any. */
    public Optional<ClaimedBatch> batch() {
        return batches.stream().findFirst();
    }
}

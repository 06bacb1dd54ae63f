package io.socialsync.responder.batch;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One look at the deadlines: a batch claimed, or when to look again.
 *
 * @param now Redis's clock (epoch ms)
 * @param nextDeadline the earliest deadline when nothing was due
 */
public record ClaimResult(long now, Optional<ClaimedBatch> batch, OptionalLong nextDeadline) {
}

package io.socialsync.responder.platform;

import java.util.Optional;

/**
 * What became of one message sent to a platform: accepted with the platform's id for it, or the failure (which says
 * whether the message was proven not sent or may have been).
 */
public record PartResult(Optional<String> platformMessageId, Optional<SendFailure> failure) {

    public static PartResult accepted(String platformMessageId) {
        return new PartResult(Optional.of(platformMessageId), Optional.empty());
    }

    public static PartResult failed(SendFailure failure) {
        return new PartResult(Optional.empty(), Optional.of(failure));
    }

    public boolean isAccepted() {
        return failure.isEmpty();
    }
}

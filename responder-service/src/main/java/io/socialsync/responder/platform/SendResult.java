package io.socialsync.responder.platform;

import java.util.List;
import java.util.Optional;

/**
 * What became of one reply: the parts the platform accepted, in order, and the failure that stopped the others.
 * A reply is delivered when there is no failure; a failure after some parts means the customer saw the beginning.
 */
public record SendResult(List<SentPart> parts, Optional<SendFailure> failure) {

    public SendResult {
        parts = List.copyOf(parts);
    }

    /** One message the platform accepted. {@code platformMessageId} lets later status webhooks find its row. */
    public record SentPart(String text, String platformMessageId) {
    }

    public static SendResult delivered(List<SentPart> parts) {
        return new SendResult(parts, Optional.empty());
    }

    public static SendResult failed(List<SentPart> partsSent, SendFailure failure) {
        return new SendResult(partsSent, Optional.of(failure));
    }

    public boolean isDelivered() {
        return failure.isEmpty();
    }

    public List<String> platformMessageIds() {
        return parts.stream().map(SentPart::platformMessageId).toList();
    }
}

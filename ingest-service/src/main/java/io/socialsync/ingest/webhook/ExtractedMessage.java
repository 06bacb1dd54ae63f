package io.socialsync.ingest.webhook;

import java.time.Instant;

import io.socialsync.model.MediaReference;
import io.socialsync.model.UnifiedMessageType;

/**
 * A customer message as a platform adapter read it from a delivery, before it is gated, counted and stored.
 *
 * @param accountId the platform's id of the business account the message was sent to
 * @param contactId the platform's id of the customer
 * @param contactName the customer's profile name, when the platform sends one
 */
public record ExtractedMessage(
        String accountId,
        String contactId,
        String contactName,
        String platformMessageId,
        UnifiedMessageType type,
        String text,
        MediaReference media,
        String replyToId,
        Instant sentAt) {
}

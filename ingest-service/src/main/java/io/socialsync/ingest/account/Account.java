package io.socialsync.ingest.account;

import java.util.UUID;

import io.socialsync.model.UnifiedMessageType;

/**
 * A business account we answer for: our ids of it and of its tenant, and what the tenant's plan lets through to the
 * AI. Cached in Redis as JSON under {@code credentials:{platform}:{account_id}}.
 *
 * @param maxMessageTokens the plan's longest message in tokens
 */
public record Account(UUID id, UUID tenantId, boolean allowsImages, boolean allowsAudio, boolean allowsVideo,
        boolean allowsDocuments, int maxMessageTokens) {

    /**
     * Whether the plan includes this type. Stickers count as images. A type we cannot read is never "allowed": it
     * gets the notice instead of an AI call.
     */
    public boolean allows(UnifiedMessageType type) {
        return switch (type) {
            case IMAGE, STICKER -> allowsImages;
            case AUDIO -> allowsAudio;
            case VIDEO -> allowsVideo;
            case DOCUMENT -> allowsDocuments;
            case UNSUPPORTED -> false;
            default -> true;
        };
    }
}

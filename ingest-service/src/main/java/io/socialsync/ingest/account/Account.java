package io.socialsync.ingest.account;

import java.util.UUID;

import io.socialsync.model.UnifiedMessageType;

/**
 * A business account we answer for: our ids of it and of its tenant, and what the tenant's plan lets through to the
 * AI. Cached in Redis as JSON under {@code credentials:{platform}:{account_id}}.
 *
 * @param maxMessageTokens the plan's longest message in tokens
 * @param active whether we answer for it now; null in entries cached before the field existed, which were all of
 *        active accounts
 * @param inactiveReason why not ({@code social_accounts.flagged_reason}, else {@code account inactive}), or null
 */
public record Account(UUID id, UUID tenantId, boolean allowsImages, boolean allowsAudio, boolean allowsVideo,
        boolean allowsDocuments, int maxMessageTokens, Boolean active, String inactiveReason) {

    /** Shown while an account is inactive and its row names no reason. */
    public static final String INACTIVE = "account inactive";

    /**
     * Whether its customers' messages are held: stored with the reason, not answered until the account is active
     * again (the responder's reconciler releases them).
     */
    public boolean holdsMessages() {
        return Boolean.FALSE.equals(active);
    }

    /** Why its messages are held; meaningful when {@link #holdsMessages()}. */
    public String holdReason() {
        return inactiveReason == null || inactiveReason.isBlank() ? INACTIVE : inactiveReason;
    }

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

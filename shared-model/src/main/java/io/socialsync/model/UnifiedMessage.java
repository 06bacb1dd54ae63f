package io.socialsync.model;

import java.time.Instant;
import java.util.UUID;

/**
 * One customer message, normalised across platforms. It crosses every service boundary: ingest writes it to the
 * inbound stream, the batcher keeps it in the conversation's window, the responder answers it.
 *
 * @param id our id, also the primary key of the stored message
 * @param accountId the platform's id of the business account (WhatsApp phone_number_id, Instagram account id)
 * @param contactId the platform's id of the customer (wa_id, IGSID, chat id)
 * @param platformMessageId the platform's id of this message (wamid, mid), the key of idempotent storage
 * @param text the text; for media the caption, for interactive replies the chosen title; may be null
 * @param media where the media can be fetched, or null
 * @param replyToId the platform message id this message replies to, or null
 * @param tokenCount tokens of the text (o200k_base)
 * @param receivedAt when the platform says the customer sent it
 * @param planAllowed whether the tenant's plan includes this message's type
 * @param traceParent the W3C {@code traceparent} of the span that last handled this message (the batcher's window,
 *        inside a batch), or null when tracing is off; on the inbound stream it travels in its own field
 *        ({@link StreamFields#TRACE_PARENT}) instead
 */
public record UnifiedMessage(
        UUID id,
        Platform platform,
        String accountId,
        String contactId,
        String platformMessageId,
        UnifiedMessageType type,
        String text,
        MediaReference media,
        String replyToId,
        int tokenCount,
        Instant receivedAt,
        boolean planAllowed,
        String traceParent) {

    /** A message without a trace context. */
    public UnifiedMessage(UUID id, Platform platform, String accountId, String contactId, String platformMessageId,
            UnifiedMessageType type, String text, MediaReference media, String replyToId, int tokenCount,
            Instant receivedAt, boolean planAllowed) {
        this(id, platform, accountId, contactId, platformMessageId, type, text, media, replyToId, tokenCount,
                receivedAt, planAllowed, null);
    }

    /** This message carrying another trace context (null: none). */
    public UnifiedMessage withTraceParent(String traceParent) {
        return new UnifiedMessage(id, platform, accountId, contactId, platformMessageId, type, text, media, replyToId,
                tokenCount, receivedAt, planAllowed, traceParent);
    }

    /** The Redis key of this message's conversation window. */
    public String conversationKey() {
        return RedisKeys.conversation(platform, accountId, contactId);
    }
}

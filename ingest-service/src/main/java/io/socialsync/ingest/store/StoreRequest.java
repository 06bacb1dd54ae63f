package io.socialsync.ingest.store;

import java.util.UUID;

import io.socialsync.ingest.account.Account;
import io.socialsync.ingest.webhook.ExtractedMessage;

/**
 * One inbound message to store.
 *
 * @param id our id for it, used when the message is new
 * @param planAllowed whether the tenant's plan lets it through to the AI
 * @param detail why it is not allowed, or what the platform said about it; stored as {@code status_detail}
 */
public record StoreRequest(Account account, ExtractedMessage message, UUID id, int tokenCount, boolean planAllowed,
        String detail) {

    /** Inbound messages that ask for an answer wait as {@code received}; reactions are {@code ignored} at once. */
    String status() {
        return message.opensBatch() ? MessageStore.STATUS_RECEIVED : MessageStore.STATUS_IGNORED;
    }
}

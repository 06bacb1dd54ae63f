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

    /** The same request for the contact with key {@code contactKey}. */
    StoreRequest withContact(String contactKey) {
        return new StoreRequest(account, message.withContact(contactKey), id, tokenCount, planAllowed, detail);
    }

    /**
     * Inbound messages that ask for an answer wait as {@code received}, or {@code held} while the account is inactive;
     * reactions are {@code ignored} at once.
     */
    String status() {
        if (!message.opensBatch()) {
            return MessageStore.STATUS_IGNORED;
        }
        return account.holdsMessages() ? MessageStore.STATUS_HELD : MessageStore.STATUS_RECEIVED;
    }

    /** {@link #detail()}, led by the hold's reason for a held message. */
    String storedDetail() {
        return MessageStore.STATUS_HELD.equals(status()) ? join(account.holdReason(), detail) : detail;
    }

    private static String join(String first, String second) {
        return second == null ? first : first + "; " + second;
    }
}

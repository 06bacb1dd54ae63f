package io.socialsync.ingest.store;

import java.util.UUID;

/**
 * What ingest needs to know of a customer's conversation to store a message without touching the contact and
 * conversation rows: their ids (which never change), the display name the contact row holds, and the contact's key
 * (which may differ from the id the delivery named the customer by). Cached as JSON
 * under {@code conversation:{social_account_id}:{customer_id}} (DESIGN §3).
 */
public record KnownConversation(UUID conversationId, UUID contactId, String displayName, String contactKey) {

    /** The contact's key, or {@code deliveredKey} for an entry cached before keys were (the two were equal then). */
    String keyOr(String deliveredKey) {
        return contactKey != null ? contactKey : deliveredKey;
    }

    /** Whether storing a message that names the customer {@code name} leaves the contact row as it is. */
    boolean keepsName(String name) {
        return name == null || name.equals(displayName);
    }
}

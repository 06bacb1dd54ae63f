package io.socialsync.ingest.webhook;

import java.time.Instant;

/**
 * A customer changing the text of a message they sent earlier (WhatsApp {@code edit}, Telegram
 * {@code edited_message}). A message still waiting for its answer takes the new text; an answered one keeps what
 * the AI saw and records the edit.
 *
 * @param accountId the platform's id of the business account
 * @param contactId the customer who edited, the only one whose message it may change
 * @param platformMessageId the platform's id of the original message
 * @param text the new text (for media, the new caption)
 * @param at when the platform says the edit was made
 * @param identity every id the delivery gives the customer (WhatsApp), or null
 */
public record MessageEdit(String accountId, String contactId, String platformMessageId, String text, Instant at,
        ContactIdentity identity) {

    /** An edit from a platform with one id per customer. */
    public MessageEdit(String accountId, String contactId, String platformMessageId, String text, Instant at) {
        this(accountId, contactId, platformMessageId, text, at, null);
    }
}

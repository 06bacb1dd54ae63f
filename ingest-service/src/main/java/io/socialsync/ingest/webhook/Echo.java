package io.socialsync.ingest.webhook;

import java.time.Instant;

/**
 * A message sent from the business account, echoed back by the platform (Instagram {@code is_echo}, WhatsApp
 * {@code smb_message_echoes}). Either one of
 * our own replies, or a human answering from the app.
 *
 * @param accountId the platform's id of the business account (the echo's sender)
 * @param contactId the customer it was sent to (the echo's recipient)
 * @param identity every id the echo gives the customer (WhatsApp coexistence: number and BSUID), or null
 */
public record Echo(String accountId, String contactId, String platformMessageId, String text, Instant sentAt,
        ContactIdentity identity) {

    /** An echo from a platform with one id per customer. */
    public Echo(String accountId, String contactId, String platformMessageId, String text, Instant sentAt) {
        this(accountId, contactId, platformMessageId, text, sentAt, null);
    }
}

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
 * @param opensBatch whether the message asks for an answer; reactions do not, so they are stored and never enqueued
 * @param detail what the platform said about a message we cannot read (e.g. {@code error 131051: poll}), else null
 * @param identity every id the platform gave the customer in this delivery (WhatsApp), or null when the platform has
 *        one id only ({@code contactId})
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
        Instant sentAt,
        boolean opensBatch,
        String detail,
        ContactIdentity identity) {

    /** A message of a platform with one id per customer. */
    public ExtractedMessage(String accountId, String contactId, String contactName, String platformMessageId,
            UnifiedMessageType type, String text, MediaReference media, String replyToId, Instant sentAt,
            boolean opensBatch, String detail) {
        this(accountId, contactId, contactName, platformMessageId, type, text, media, replyToId, sentAt, opensBatch,
                detail, null);
    }

    /** A message that asks for an answer. */
    public static ExtractedMessage customer(String accountId, String contactId, String contactName,
            String platformMessageId, UnifiedMessageType type, String text, MediaReference media, String replyToId,
            Instant sentAt) {
        return new ExtractedMessage(accountId, contactId, contactName, platformMessageId, type, text, media, replyToId,
                sentAt, true, null);
    }

    public ExtractedMessage withDetail(String newDetail) {
        return new ExtractedMessage(accountId, contactId, contactName, platformMessageId, type, text, media, replyToId,
                sentAt, opensBatch, newDetail, identity);
    }

    /** The same message, stored under the contact with key {@code contactKey}. */
    public ExtractedMessage withContact(String contactKey) {
        return new ExtractedMessage(accountId, contactKey, contactName, platformMessageId, type, text, media, replyToId,
                sentAt, opensBatch, detail, identity);
    }

    /** The same message, from a customer known by all of {@code newIdentity}. */
    public ExtractedMessage withIdentity(ContactIdentity newIdentity) {
        return new ExtractedMessage(accountId, contactId, contactName, platformMessageId, type, text, media, replyToId,
                sentAt, opensBatch, detail, newIdentity);
    }

    /** The same message, stored but never enqueued for an answer (reactions). */
    public ExtractedMessage withoutBatch() {
        return new ExtractedMessage(accountId, contactId, contactName, platformMessageId, type, text, media, replyToId,
                sentAt, false, detail, identity);
    }
}

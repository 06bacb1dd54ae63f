package io.socialsync.ingest.webhook;

import java.time.Instant;

/**
 * News about a message already stored: a WhatsApp status of one of our replies (sent, delivered, read, failed), an
 * Instagram {@code read} of our reply, or a customer deleting an Instagram message.
 *
 * @param accountId the platform's id of the business account
 * @param platformMessageId the platform's id of the message the news is about
 * @param status one of {@link #SENT}, {@link #DELIVERED}, {@link #READ}, {@link #FAILED}, {@link #DELETED}
 * @param detail the platform's error for a failure (code and title), else null
 * @param contactId the customer the news comes from or is about (a deletion's sender, a status's recipient), or
 *        null when the platform names none; a deletion applies only to that customer's own message
 * @param tag what we attached to our send and the platform hands back (WhatsApp {@code biz_opaque_callback_data}:
 *        our outbound message's id), or null
 * @param pricing what Meta will bill for the message (WhatsApp status {@code pricing}), or null
 * @param identity every id the delivery gives the customer of a deletion (WhatsApp), or null
 */
public record StatusUpdate(String accountId, String platformMessageId, String status, String detail, Instant at,
        String contactId, String tag, Pricing pricing, ContactIdentity identity) {

    public StatusUpdate(String accountId, String platformMessageId, String status, String detail, Instant at,
            String contactId, String tag) {
        this(accountId, platformMessageId, status, detail, at, contactId, tag, null, null);
    }

    public StatusUpdate(String accountId, String platformMessageId, String status, String detail, Instant at,
            String contactId, String tag, Pricing pricing) {
        this(accountId, platformMessageId, status, detail, at, contactId, tag, pricing, null);
    }

    /** WhatsApp's per-message pricing: whether it is billed, under which model, category and type. */
    public record Pricing(Boolean billable, String model, String category, String type) {
    }

    public static final String SENT = "sent";
    public static final String DELIVERED = "delivered";
    public static final String READ = "read";
    public static final String FAILED = "failed";
    public static final String DELETED = "deleted";
    /** The business deleted one of its own messages from the WhatsApp Business app (coexistence). */
    public static final String DELETED_BY_BUSINESS = "deleted_by_business";
}

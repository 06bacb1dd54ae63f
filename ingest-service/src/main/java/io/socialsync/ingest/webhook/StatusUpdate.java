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
 */
public record StatusUpdate(String accountId, String platformMessageId, String status, String detail, Instant at) {

    public static final String SENT = "sent";
    public static final String DELIVERED = "delivered";
    public static final String READ = "read";
    public static final String FAILED = "failed";
    public static final String DELETED = "deleted";
}

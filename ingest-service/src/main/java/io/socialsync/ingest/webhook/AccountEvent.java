package io.socialsync.ingest.webhook;

import java.time.Instant;
import java.util.Map;

/**
 * What a platform tells about a business account rather than a customer: WhatsApp {@code account_update}
 * (restriction, disabled, offboarded, reconnected) and the template webhooks (status, quality, category). Routed on
 * the business account ({@code entry.id}, the WABA), not on a phone number.
 *
 * @param businessAccountId the WhatsApp Business Account id
 * @param kind what happened
 * @param attributes what the event carries, by name
 */
public record AccountEvent(String businessAccountId, Kind kind, Map<String, String> attributes, Instant at) {

    public enum Kind {
        /** Attributes {@code event}, {@code detail}; the account's platform status. */
        ACCOUNT_UPDATE,
        /** Attributes {@code template_id}, {@code name}, {@code language}, {@code status}, {@code reason}. */
        TEMPLATE_STATUS,
        /** Attributes {@code template_id}, {@code name}, {@code language}, {@code quality}. */
        TEMPLATE_QUALITY,
        /** Attributes {@code template_id}, {@code name}, {@code language}, {@code category}. */
        TEMPLATE_CATEGORY
    }
}
